import {
  ApiKeyRegistry,
  createLogger,
  DuplicateHeaderError,
  generateApiKey,
  HealthRegistry,
  JwtVerifier,
  RequestAuthenticator,
} from '@baltra/sdk';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryCandidateStore } from '../../examples/service/candidate-store.js';
import { captureLogs, type LogCapture } from '../shared/support/log-capture.js';
import { leakedSecrets, STACK_FRAME } from './support/leak-checks.js';
import { type RawResponse, rawRequest } from './support/raw-http.js';
import {
  FRAMEWORKS,
  type RunningService,
  startExampleService,
} from './support/start-example-service.js';
import { AUDIENCE, ISSUER, testKeys } from './support/test-keys.js';

const key = generateApiKey({ id: 'dupes001' });
const otherKey = generateApiKey({ id: 'dupes002' });

function registry(): ApiKeyRegistry {
  return new ApiKeyRegistry([
    { id: key.id, hash: key.hash, subject: 'partner-a', scopes: ['candidates:read'] },
    { id: otherKey.id, hash: otherKey.hash, subject: 'partner-b', scopes: ['candidates:read'] },
  ]);
}

async function token(secret: string, subject = 'lead-ingestion'): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ scope: 'candidates:read' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(subject)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 60)
    .sign(new TextEncoder().encode(secret));
}

function envelope(response: RawResponse): { ok: boolean; error?: { code: string } } {
  return JSON.parse(response.body) as { ok: boolean; error?: { code: string } };
}

for (const framework of FRAMEWORKS) {
  describe(`${framework} edge: credential headers sent twice over a raw socket`, () => {
    let service: RunningService;
    let logs: LogCapture;
    let valid: string;
    let junk: string;
    let secrets: string[];

    beforeAll(async () => {
      const { hsSecret } = await testKeys();
      valid = await token(hsSecret);
      junk = `${valid.slice(0, -6)}AAAAAA`;
      secrets = [valid, junk, key.key, otherKey.key, hsSecret];
      logs = captureLogs();
      service = await startExampleService(framework, {
        store: new InMemoryCandidateStore(),
        edge: {
          authenticator: new RequestAuthenticator({
            apiKeys: registry(),
            jwt: new JwtVerifier({
              issuer: ISSUER,
              audience: AUDIENCE,
              algorithms: ['HS256'],
              secret: hsSecret,
            }),
          }),
          health: new HealthRegistry(),
          logger: createLogger({ stream: logs.stream, level: 'debug', service: 'dupes-test' }),
        },
      });
    });
    afterAll(async () => {
      await service.close();
    });

    it('answers 200 to one Authorization header and to one API-key header', async () => {
      // Act
      const bearer = await rawRequest(service.baseUrl, {
        path: '/v1/whoami',
        headers: [['Authorization', `Bearer ${valid}`]],
      });
      const apiKey = await rawRequest(service.baseUrl, {
        path: '/v1/whoami',
        headers: [['X-Api-Key', key.key]],
      });
      const both = await rawRequest(service.baseUrl, {
        path: '/v1/whoami',
        headers: [
          ['Authorization', `Bearer ${valid}`],
          ['X-Api-Key', key.key],
        ],
      });

      // Assess
      expect([bearer.status, apiKey.status, both.status]).toEqual([200, 200, 200]);
      expect(JSON.parse(bearer.body)).toEqual({
        ok: true,
        data: expect.objectContaining({ subject: 'lead-ingestion' }),
      });
      expect(JSON.parse(apiKey.body)).toEqual({
        ok: true,
        data: expect.objectContaining({ subject: 'partner-a' }),
      });
    });

    const duplicates: ReadonlyArray<{
      name: string;
      header: string;
      lines: (valid: string, junk: string) => Array<[string, string]>;
    }> = [
      {
        name: 'a valid then a junk Authorization',
        header: 'authorization',
        lines: (v, j) => [
          ['Authorization', `Bearer ${v}`],
          ['Authorization', `Bearer ${j}`],
        ],
      },
      {
        name: 'a junk then a valid Authorization',
        header: 'authorization',
        lines: (v, j) => [
          ['Authorization', `Bearer ${j}`],
          ['Authorization', `Bearer ${v}`],
        ],
      },
      {
        name: 'the same valid Authorization twice, in two spellings',
        header: 'authorization',
        lines: (v) => [
          ['Authorization', `Bearer ${v}`],
          ['aUTHORIZATION', `Bearer ${v}`],
        ],
      },
      {
        name: 'Authorization lines apart, with a Basic one',
        header: 'authorization',
        lines: (v) => [
          ['authorization', `Bearer ${v}`],
          ['Accept', 'application/json'],
          ['Authorization', 'Basic dXNlcjpwYXNzd29yZA=='],
        ],
      },
      {
        name: 'a valid then a junk API key',
        header: 'x-api-key',
        lines: () => [
          ['X-Api-Key', key.key],
          ['X-Api-Key', 'bk_junk0001_not-a-real-key'],
        ],
      },
      {
        name: 'two valid API keys of two subjects',
        header: 'x-api-key',
        lines: () => [
          ['x-api-key', otherKey.key],
          ['X-API-KEY', key.key],
        ],
      },
    ];

    for (const duplicate of duplicates) {
      it(`answers 400 DUPLICATE_HEADER to ${duplicate.name}, echoing no credential`, async () => {
        // Prepare
        const logsBefore = logs.text().length;

        // Act
        const response = await rawRequest(service.baseUrl, {
          path: '/v1/whoami',
          headers: duplicate.lines(valid, junk),
        });
        await logs.entries();
        const logText = logs.text().slice(logsBefore);

        // Assess
        expect(response.status).toBe(400);
        expect(JSON.parse(response.body)).toEqual({
          ok: false,
          error: {
            code: 'DUPLICATE_HEADER',
            message: `The ${duplicate.header} header must be sent once`,
          },
        });
        expect(response.headers['content-type']).toMatch(/^application\/json/);
        expect(leakedSecrets(response.raw, secrets)).toEqual([]);
        expect(leakedSecrets(logText, secrets)).toEqual([]);
        expect(response.body).not.toMatch(STACK_FRAME);
        expect(logText).toContain('"errorCode":"DUPLICATE_HEADER"');
      });
    }

    it('answers 400 to a repeated credential header on a public path too (health)', async () => {
      // Act
      const response = await rawRequest(service.baseUrl, {
        path: '/health/live',
        headers: [
          ['Authorization', `Bearer ${valid}`],
          ['Authorization', `Bearer ${junk}`],
        ],
      });

      // Assess
      expect(response.status).toBe(400);
      expect(envelope(response).error?.code).toBe('DUPLICATE_HEADER');
    });

    it('still answers other repeated headers (Accept twice) with 200', async () => {
      // Act
      const response = await rawRequest(service.baseUrl, {
        path: '/v1/whoami',
        headers: [
          ['Accept', 'application/json'],
          ['Accept', 'text/plain'],
          ['X-Api-Key', key.key],
        ],
      });

      // Assess
      expect(response.status).toBe(200);
    });
  });
}

describe('RequestAuthenticator without a framework', () => {
  const authenticator = new RequestAuthenticator({ apiKeys: registry() });

  it('rejects a repeated API-key header seen in rawHeaders, although Node joined the values', async () => {
    // Prepare: what node:http hands over for two `X-Api-Key` lines.
    const headers = { 'x-api-key': `${key.key}, ${otherKey.key}` };
    const rawHeaders = ['X-Api-Key', key.key, 'x-api-key', otherKey.key];

    // Act
    const outcome = authenticator.authenticate(headers, rawHeaders);

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(DuplicateHeaderError);
    await expect(outcome).rejects.toMatchObject({ code: 'DUPLICATE_HEADER', header: 'x-api-key' });
  });

  it('rejects a header bag holding two values without rawHeaders', async () => {
    // Act
    const outcome = authenticator.authenticate({ 'x-api-key': [key.key, otherKey.key] });

    // Assess
    await expect(outcome).rejects.toMatchObject({ code: 'DUPLICATE_HEADER', status: 400 });
  });

  it('accepts one API-key header given with its rawHeaders', async () => {
    // Act
    const principal = await authenticator.authenticate({ 'x-api-key': key.key }, [
      'X-Api-Key',
      key.key,
    ]);

    // Assess
    expect(principal.subject).toBe('partner-a');
  });
});
