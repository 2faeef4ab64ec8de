/**
 * Example service: the SDK's service edge (auth, correlation, envelope, health, telemetry)
 * around a tiny candidates API, on Express or Fastify.
 *
 *   npx tsx examples/service/main.ts                       # Express on 127.0.0.1:8080
 *   EXAMPLE_FRAMEWORK=fastify EXAMPLE_PORT=0 npx tsx examples/service/main.ts
 *
 * With EXAMPLE_JWT_SECRET unset, a random secret is used. On start it prints a freshly
 * generated API key and a service token to call it with (example only: never print secrets
 * in a real service).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  ApiKeyRegistry,
  checkHmacKeyStrength,
  configureLogging,
  defineSettings,
  generateApiKey,
  HealthRegistry,
  JwtVerifier,
  mintServiceToken,
  RequestAuthenticator,
} from '@baltra/sdk';
import { z } from 'zod';
import { InMemoryCandidateStore } from './candidate-store.js';
import type { ExampleServiceOptions } from './example-service-options.js';
import { createExpressService } from './express-service.js';
import { createFastifyService } from './fastify-service.js';

const settings = defineSettings({
  prefix: 'EXAMPLE_',
  schema: z.object({
    framework: z.enum(['express', 'fastify']).default('express'),
    host: z.string().default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65_535).default(8080),
    // Refused at settings load, with the other problems, rather than when the verifier is built.
    jwtSecret: z
      .string()
      .superRefine((secret, context) => {
        for (const message of checkHmacKeyStrength(secret, ['HS256'])) {
          context.addIssue({ code: 'custom', message });
        }
      })
      .optional(),
  }),
});

async function main(): Promise<void> {
  const config = settings.get();
  const logger = configureLogging({ service: 'example-candidates', level: 'info' });
  const jwtSecret = config.jwtSecret ?? randomBytes(32).toString('base64url');
  const apiKey = generateApiKey({ prefix: 'bk' });
  const apiKeys = new ApiKeyRegistry([
    { id: apiKey.id, hash: apiKey.hash, subject: 'demo-partner', scopes: ['candidates:read'] },
  ]);
  const jwt = new JwtVerifier({
    issuer: 'example-issuer',
    audience: 'example-candidates',
    algorithms: ['HS256'],
    secret: jwtSecret,
  });
  const store = new InMemoryCandidateStore();
  const health = new HealthRegistry({ cacheTtlMs: 2000 }).register(
    'candidate-store',
    async () => store.find('probe'),
    { timeoutMs: 500 },
  );
  const options: ExampleServiceOptions = {
    store,
    edge: { authenticator: new RequestAuthenticator({ apiKeys, jwt }), health, logger },
  };

  const address =
    config.framework === 'fastify'
      ? await listenFastify(options, config.host, config.port)
      : await listenExpress(options, config.host, config.port);
  const token = await mintServiceToken({
    algorithm: 'HS256',
    key: jwtSecret,
    issuer: 'example-issuer',
    audience: 'example-candidates',
    subject: 'demo-caller',
    scopes: ['candidates:read', 'candidates:write'],
    ttlSeconds: 900,
  });
  const base = `http://${address.address}:${address.port}`;
  process.stdout.write(
    [
      `example service (${config.framework}) on ${base}`,
      `curl ${base}/health/ready`,
      `curl -H 'x-api-key: ${apiKey.key}' ${base}/v1/whoami`,
      `curl -X POST -H 'authorization: Bearer ${token}' -H 'content-type: application/json' \\`,
      `  -d '{"name":"Ana","phone":"+5215512345678"}' ${base}/v1/candidates`,
      '',
    ].join('\n'),
  );
}

async function listenExpress(
  options: ExampleServiceOptions,
  host: string,
  port: number,
): Promise<AddressInfo> {
  const app = createExpressService(options);
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => {
      if (error) reject(error);
      else resolve(server.address() as AddressInfo);
    });
  });
}

async function listenFastify(
  options: ExampleServiceOptions,
  host: string,
  port: number,
): Promise<AddressInfo> {
  const app = await createFastifyService(options);
  await app.listen({ host, port });
  return app.server.address() as AddressInfo;
}

await main();
