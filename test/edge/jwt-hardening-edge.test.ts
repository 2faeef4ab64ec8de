import { createLogger, HealthRegistry, JwtVerifier, RequestAuthenticator } from '@baltra/sdk';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryCandidateStore } from '../../examples/service/candidate-store.js';
import { captureLogs, type LogCapture } from '../shared/support/log-capture.js';
import { craftHmacJwt, serviceClaims } from './support/craft-jwt.js';
import { type HugeJwksServer, startHugeJwksServer } from './support/huge-jwks-server.js';
import { leakedSecrets } from './support/leak-checks.js';
import {
  FRAMEWORKS,
  type RunningService,
  startExampleService,
} from './support/start-example-service.js';
import { AUDIENCE, ISSUER, type TestKeys, testKeys } from './support/test-keys.js';

// The RFC 8725 attacks of jwt-hardening.test.ts, through the Express and Fastify edges: each is
// the envelope's 401 with `WWW-Authenticate: Bearer`, its reason only in the logs.

const HEADER = { alg: 'HS256', typ: 'JWT' } as const;

interface EdgeAttack {
  readonly name: string;
  readonly token: (keys: TestKeys) => string;
  readonly reason: string;
}

const ATTACKS: readonly EdgeAttack[] = [
  {
    name: 'an access token (typ at+jwt)',
    token: (keys) => craftHmacJwt({ ...HEADER, typ: 'at+jwt' }, serviceClaims(), keys.hsSecret),
    reason: 'wrong_token_type',
  },
  {
    name: 'a JWS with an enc header',
    token: (keys) => craftHmacJwt({ ...HEADER, enc: 'A128GCM' }, serviceClaims(), keys.hsSecret),
    reason: 'header_not_allowed',
  },
  {
    name: 'an object sub',
    token: (keys) => craftHmacJwt(HEADER, serviceClaims({ sub: { id: 'x' } }), keys.hsSecret),
    reason: 'claim_invalid',
  },
  {
    name: 'exp 1e300',
    token: (keys) => craftHmacJwt(HEADER, serviceClaims({ exp: 1e300 }), keys.hsSecret),
    reason: 'token_lifetime_too_long',
  },
];

for (const framework of FRAMEWORKS) {
  describe(`${framework} edge with the hardened JwtVerifier`, () => {
    let keys: TestKeys;
    let hsService: RunningService;
    let jwksService: RunningService;
    let oversized: HugeJwksServer;
    let logs: LogCapture;

    beforeAll(async () => {
      keys = await testKeys();
      logs = captureLogs();
      oversized = await startHugeJwksServer(keys, 3 * 1024 * 1024, false);
      const logger = createLogger({ stream: logs.stream, level: 'debug', service: 'jwt-edge' });
      const start = (jwt: JwtVerifier) =>
        startExampleService(framework, {
          store: new InMemoryCandidateStore(),
          edge: {
            authenticator: new RequestAuthenticator({ jwt }),
            health: new HealthRegistry(),
            logger,
          },
        });
      const common = { issuer: ISSUER, audience: AUDIENCE };
      hsService = await start(
        new JwtVerifier({ ...common, algorithms: ['HS256'], secret: keys.hsSecret }),
      );
      jwksService = await start(
        new JwtVerifier({ ...common, algorithms: ['ES256'], jwksUrl: oversized.url }),
      );
    });
    afterAll(async () => {
      await hsService?.close();
      await jwksService?.close();
      await oversized?.close();
    });

    async function call(service: RunningService, token: string) {
      const logsBefore = logs.text().length;
      const response = await fetch(`${service.baseUrl}/v1/whoami`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = await response.text();
      await logs.entries();
      return { response, body, logText: logs.text().slice(logsBefore) };
    }

    for (const attack of ATTACKS) {
      it(`answers ${attack.name} with the 401 envelope`, async () => {
        // Prepare
        const token = attack.token(keys);

        // Act
        const { response, body, logText } = await call(hsService, token);

        // Assess
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer');
        expect(JSON.parse(body)).toEqual({
          ok: false,
          error: { code: 'UNAUTHENTICATED', message: expect.any(String) },
        });
        expect(body).not.toContain(attack.reason);
        expect(logText).toContain(`"reason":"${attack.reason}"`);
        expect(leakedSecrets(body + logText, [token, keys.hsSecret])).toEqual([]);
      });
    }

    it('answers a token whose JWKS is over the size cap with the 401 envelope', async () => {
      // Prepare
      const token = await new SignJWT(serviceClaims())
        .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: 'ec-1' })
        .sign(keys.ec.privateKey);

      // Act
      const { response, body, logText } = await call(jwksService, token);

      // Assess
      expect(response.status).toBe(401);
      expect(JSON.parse(body)).toEqual({
        ok: false,
        error: { code: 'UNAUTHENTICATED', message: expect.any(String) },
      });
      expect(logText).toContain('"reason":"key_set_too_large"');
    });

    it('still lets a valid HS256 token through', async () => {
      // Prepare
      const token = craftHmacJwt(HEADER, serviceClaims(), keys.hsSecret);

      // Act
      const { response, body } = await call(hsService, token);

      // Assess
      expect(response.status).toBe(200);
      expect(JSON.parse(body)).toMatchObject({ data: { subject: 'lead-ingestion' } });
    });
  });
}
