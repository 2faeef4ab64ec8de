import {
  ApiKeyRegistry,
  createLogger,
  EdgeError,
  errorEnvelopeSchema,
  generateApiKey,
  JwtVerifier,
  RequestAuthenticator,
} from '@baltra/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs, type LogCapture } from '../shared/support/log-capture.js';
import { leakedSecrets, STACK_FRAME } from './support/leak-checks.js';
import { type RawRequest, rawRequest } from './support/raw-http.js';
import { startEdgeApp } from './support/start-edge-app.js';
import { FRAMEWORKS, type RunningService } from './support/start-example-service.js';
import { AUDIENCE, ISSUER, testKeys } from './support/test-keys.js';

const key = generateApiKey({ id: 'hygiene1' });
const strangerKey = generateApiKey({ id: 'stranger' });
const DB_PASSWORD = 'hunter2-db-password-91f2';
const BODY_SECRET = 'sk_live_body_secret_7c3e19';
const PATH_SECRET = 'path-secret-0b5d77';
const JWT_LIKE = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzZWNyZXQtc3ViIn0.c2lnbmF0dXJlLXNlY3JldA';
const SECRETS = [DB_PASSWORD, BODY_SECRET, PATH_SECRET, JWT_LIKE, key.key, strangerKey.key];
// The request log keeps the path, and the 5xx log line keeps a thrown value's own text (the
// logger masks URL passwords and Bearer tokens in it, not a bare `password=…` or a string):
// what these tests hold the logs to is that no credential the caller sent is written.
const CALLER_CREDENTIALS = [BODY_SECRET, JWT_LIKE, key.key, strangerKey.key];

/** Where a source path, a module or a file URL would show in a body. */
const FILE_PATH = /(?:\/[\w.-]+)+\.(?:ts|js|mjs|cjs)\b|node_modules|file:\/\/|\/work\/|[A-Z]:\\/;

/** A 4xx SDK error whose message carries every kind of credential. */
class LeakyConflictError extends EdgeError {
  readonly code = 'CONFLICT';
}

const FAILURES: Record<string, () => unknown> = {
  'an Error with a database URL and a token': () =>
    new Error(
      `connect postgres://app:${DB_PASSWORD}@db.internal:5432/app failed; Bearer ${JWT_LIKE}`,
    ),
  'a thrown string': () => `plain string with ${DB_PASSWORD}`,
  'an Error with a 4xx status and a secret message': () =>
    Object.assign(new Error(`bad input ${DB_PASSWORD}`), { status: 400 }),
  'an Error whose cause holds the secret': () =>
    new Error('wrapped', { cause: new Error(`password=${DB_PASSWORD}`) }),
  'a 4xx SDK error whose message holds credentials': () =>
    new LeakyConflictError(
      `conflict for password=${DB_PASSWORD} key ${key.key} token ${JWT_LIKE} at postgres://app:${DB_PASSWORD}@db`,
    ),
};

interface Provocation {
  readonly name: string;
  readonly request: (baseUrl: string) => RawRequest;
  readonly status: number;
  readonly code: string;
  readonly failure?: string;
}

const auth: [string, string] = ['X-Api-Key', key.key];
const json: [string, string] = ['Content-Type', 'application/json'];

const PROVOCATIONS: readonly Provocation[] = [
  {
    name: 'malformed JSON carrying a secret',
    request: () => ({
      method: 'POST',
      path: '/v1/echo',
      headers: [auth, json],
      body: `{"apiSecret":"${BODY_SECRET}",`,
    }),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a declared oversize body',
    request: () => ({
      method: 'POST',
      path: '/v1/echo',
      headers: [auth, json, ['Content-Length', '4096']],
    }),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'a streamed oversize body carrying a secret',
    request: () => ({
      method: 'POST',
      path: '/v1/echo',
      headers: [auth, json],
      body: `{"apiSecret":"${BODY_SECRET}","pad":"${'x'.repeat(3000)}"}`,
      chunked: 512,
    }),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'oversize headers carrying a secret',
    request: () => ({
      path: '/v1/whoami',
      headers: [auth, ['X-Debug', `${BODY_SECRET}${'y'.repeat(5000)}`]],
    }),
    status: 431,
    code: 'HEADERS_TOO_LARGE',
  },
  {
    name: 'a forged Bearer token',
    request: () => ({ path: '/v1/whoami', headers: [['Authorization', `Bearer ${JWT_LIKE}`]] }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'an unknown API key',
    request: () => ({ path: '/v1/whoami', headers: [['X-Api-Key', strangerKey.key]] }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'two API keys',
    request: () => ({
      path: '/v1/whoami',
      headers: [auth, ['x-api-key', strangerKey.key]],
    }),
    status: 400,
    code: 'DUPLICATE_HEADER',
  },
  {
    name: 'an unknown route with a secret in its path',
    request: () => ({ path: `/v1/nothing/${PATH_SECRET}?token=${BODY_SECRET}`, headers: [auth] }),
    status: 404,
    code: 'NOT_FOUND',
  },
  ...Object.keys(FAILURES).map(
    (failure): Provocation => ({
      name: `a handler throwing ${failure}`,
      request: () => ({ path: '/v1/boom', headers: [auth] }),
      status: failure.includes('4xx SDK') ? 409 : failure.includes('4xx status') ? 400 : 500,
      code: failure.includes('4xx SDK')
        ? 'CONFLICT'
        : failure.includes('4xx status')
          ? 'BAD_REQUEST'
          : 'INTERNAL',
      failure,
    }),
  ),
];

for (const framework of FRAMEWORKS) {
  describe(`${framework} edge: error bodies carry no stack, path or secret`, () => {
    let service: RunningService;
    let logs: LogCapture;
    let failure = FAILURES['an Error with a database URL and a token'] as () => unknown;
    let hsSecret: string;

    beforeAll(async () => {
      ({ hsSecret } = await testKeys());
      logs = captureLogs();
      service = await startEdgeApp(framework, {
        failure: () => failure(),
        edge: {
          authenticator: new RequestAuthenticator({
            apiKeys: new ApiKeyRegistry([
              { id: key.id, hash: key.hash, subject: 'partner-a', scopes: [] },
            ]),
            jwt: new JwtVerifier({
              issuer: ISSUER,
              audience: AUDIENCE,
              algorithms: ['HS256'],
              secret: hsSecret,
            }),
          }),
          logger: createLogger({ stream: logs.stream, level: 'debug', service: 'hygiene-test' }),
          maxBodyBytes: 2048,
          maxHeaderBytes: 4096,
        },
      });
    });
    afterAll(async () => {
      await service.close();
    });

    for (const provocation of PROVOCATIONS) {
      it(`answers ${provocation.name} with ${provocation.status} ${provocation.code} and nothing else`, async () => {
        // Prepare
        if (provocation.failure !== undefined) {
          failure = FAILURES[provocation.failure] as () => unknown;
        }
        const logsBefore = logs.text().length;

        // Act
        const response = await rawRequest(service.baseUrl, provocation.request(service.baseUrl));
        await logs.entries();
        const logText = logs.text().slice(logsBefore);

        // Assess
        expect(response.status).toBe(provocation.status);
        const body = errorEnvelopeSchema.strict().parse(JSON.parse(response.body));
        expect(body.error.code).toBe(provocation.code);
        expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
        expect(response.body).not.toMatch(STACK_FRAME);
        expect(response.body).not.toMatch(FILE_PATH);
        expect(response.body).not.toMatch(/"stack"|"cause"/);
        expect(leakedSecrets(response.raw, [...SECRETS, hsSecret])).toEqual([]);
        expect(leakedSecrets(logText, [...CALLER_CREDENTIALS, hsSecret])).toEqual([]);
        expect(logText).not.toMatch(STACK_FRAME);
      });
    }

    it('shows the 4xx SDK error its own message, with every credential redacted', async () => {
      // Prepare
      failure = FAILURES['a 4xx SDK error whose message holds credentials'] as () => unknown;

      // Act
      const response = await rawRequest(service.baseUrl, { path: '/v1/boom', headers: [auth] });

      // Assess
      expect(JSON.parse(response.body).error.message).toBe(
        'conflict for password=[REDACTED] key [REDACTED] token [REDACTED] at postgres://app:***@db',
      );
    });
  });
}
