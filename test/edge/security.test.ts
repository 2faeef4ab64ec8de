import { mkdirSync, writeFileSync } from 'node:fs';
import {
  ApiKeyRegistry,
  createLogger,
  generateApiKey,
  HealthRegistry,
  JwtVerifier,
  type JwtVerifierOptions,
  RequestAuthenticator,
} from '@baltra/sdk';
import { base64url, type CryptoKey, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryCandidateStore } from '../../examples/service/candidate-store.js';
import { captureLogs, type LogCapture } from '../shared/support/log-capture.js';
import { leakedSecrets, STACK_FRAME } from './support/leak-checks.js';
import {
  FRAMEWORKS,
  type Framework,
  type RunningService,
  startExampleService,
} from './support/start-example-service.js';
import { AUDIENCE, ISSUER, type TestKeys, testKeys } from './support/test-keys.js';

/** One row of the attack table written to `.tmp/edge-attack-table.md`. */
interface AttackResult {
  framework: Framework;
  verifier: string;
  attack: string;
  status: number;
  code: string;
  reason: string;
}
const results: AttackResult[] = [];

const readKey = generateApiKey({ id: 'reader01' });
const rotatedReadKey = generateApiKey({ id: 'reader02' });
const revokedKey = generateApiKey({ id: 'revoked1' });
const API_KEY_SECRETS = [readKey.key, rotatedReadKey.key, revokedKey.key];

const now = () => Math.floor(Date.now() / 1000);

function claims(overrides: JWTPayload = {}): JWTPayload {
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'lead-ingestion',
    scope: 'candidates:read candidates:write',
    iat: now(),
    nbf: now(),
    exp: now() + 60,
    ...overrides,
  };
}

async function sign(
  payload: JWTPayload,
  header: { alg: string; kid?: string; [key: string]: unknown },
  key: CryptoKey | Uint8Array,
): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ typ: 'JWT', ...header }).sign(key);
}

function unsigned(payload: JWTPayload, signature = ''): string {
  const encode = (value: unknown) => base64url.encode(JSON.stringify(value));
  return `${encode({ alg: 'none', typ: 'JWT', kid: 'rsa-1' })}.${encode(payload)}.${signature}`;
}

/** Flips one character in the middle of the signature (the last one may only carry padding bits). */
function tamperSignature(token: string): string {
  const [header, payload, signature = ''] = token.split('.');
  const at = Math.floor(signature.length / 2);
  const flipped = signature[at] === 'A' ? 'B' : 'A';
  return `${header}.${payload}.${signature.slice(0, at)}${flipped}${signature.slice(at + 1)}`;
}

function tamperPayload(token: string, payload: JWTPayload): string {
  const [header, , signature] = token.split('.');
  return `${header}.${base64url.encode(JSON.stringify(payload))}.${signature}`;
}

interface Attack {
  readonly name: string;
  readonly method?: 'GET' | 'POST';
  readonly headers: (keys: TestKeys) => Promise<Record<string, string>>;
  readonly status: 401 | 403;
  readonly reason: string;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const JWKS_ATTACKS: readonly Attack[] = [
  { name: 'no credentials', headers: async () => ({}), status: 401, reason: 'missing_credentials' },
  {
    name: 'alg: none, empty signature',
    headers: async () => bearer(unsigned(claims())),
    status: 401,
    reason: 'malformed_credentials',
  },
  {
    name: 'alg: none, junk signature',
    headers: async () => bearer(unsigned(claims(), 'c2lnbmF0dXJl')),
    status: 401,
    reason: 'algorithm_not_allowed',
  },
  {
    name: 'HS/RS key confusion: HS256 signed with the RSA public key PEM',
    headers: async (keys) =>
      bearer(
        await sign(
          claims(),
          { alg: 'HS256', kid: 'rsa-1' },
          new TextEncoder().encode(keys.rsaPublicPem),
        ),
      ),
    status: 401,
    reason: 'algorithm_not_allowed',
  },
  {
    name: 'expired token',
    headers: async (keys) =>
      bearer(
        await sign(
          claims({ iat: now() - 600, nbf: now() - 600, exp: now() - 300 }),
          { alg: 'RS256', kid: 'rsa-1' },
          keys.rsa.privateKey,
        ),
      ),
    status: 401,
    reason: 'token_expired',
  },
  {
    name: 'not yet valid (nbf in 1 h)',
    headers: async (keys) =>
      bearer(
        await sign(
          claims({ nbf: now() + 3600, exp: now() + 7200 }),
          { alg: 'RS256', kid: 'rsa-1' },
          keys.rsa.privateKey,
        ),
      ),
    status: 401,
    reason: 'token_not_yet_valid',
  },
  {
    name: 'wrong audience',
    headers: async (keys) =>
      bearer(
        await sign(
          claims({ aud: 'billing-api' }),
          { alg: 'RS256', kid: 'rsa-1' },
          keys.rsa.privateKey,
        ),
      ),
    status: 401,
    reason: 'wrong_audience',
  },
  {
    name: 'wrong issuer',
    headers: async (keys) =>
      bearer(
        await sign(
          claims({ iss: 'https://evil.example' }),
          { alg: 'RS256', kid: 'rsa-1' },
          keys.rsa.privateKey,
        ),
      ),
    status: 401,
    reason: 'wrong_issuer',
  },
  {
    name: 'tampered signature',
    headers: async (keys) =>
      bearer(
        tamperSignature(await sign(claims(), { alg: 'RS256', kid: 'rsa-1' }, keys.rsa.privateKey)),
      ),
    status: 401,
    reason: 'bad_signature',
  },
  {
    name: 'tampered payload (scope escalation)',
    headers: async (keys) =>
      bearer(
        tamperPayload(
          await sign(
            claims({ scope: 'candidates:read' }),
            { alg: 'RS256', kid: 'rsa-1' },
            keys.rsa.privateKey,
          ),
          claims({ scope: 'candidates:read candidates:write admin' }),
        ),
      ),
    status: 401,
    reason: 'bad_signature',
  },
  {
    name: "attacker's own RSA key under the service's kid",
    headers: async (keys) =>
      bearer(await sign(claims(), { alg: 'RS256', kid: 'rsa-1' }, keys.attackerRsa.privateKey)),
    status: 401,
    reason: 'bad_signature',
  },
  {
    name: 'unknown kid',
    headers: async (keys) =>
      bearer(await sign(claims(), { alg: 'RS256', kid: 'rogue-1' }, keys.attackerRsa.privateKey)),
    status: 401,
    reason: 'unknown_key',
  },
  {
    name: 'no kid',
    headers: async (keys) => bearer(await sign(claims(), { alg: 'RS256' }, keys.rsa.privateKey)),
    status: 401,
    reason: 'malformed_credentials',
  },
  {
    name: 'no exp (a token that never expires)',
    headers: async (keys) => {
      const { exp: _exp, ...rest } = claims();
      return bearer(await sign(rest, { alg: 'RS256', kid: 'rsa-1' }, keys.rsa.privateKey));
    },
    status: 401,
    reason: 'claim_invalid',
  },
  {
    name: 'oversized JOSE header (2 KiB kid)',
    headers: async (keys) =>
      bearer(await sign(claims(), { alg: 'RS256', kid: 'k'.repeat(2048) }, keys.rsa.privateKey)),
    status: 401,
    reason: 'credentials_too_large',
  },
  {
    name: 'oversized Authorization header (10 KiB)',
    headers: async () => bearer(`${'a'.repeat(5000)}.${'b'.repeat(5000)}.c`),
    status: 401,
    reason: 'credentials_too_large',
  },
  {
    name: 'Basic instead of Bearer',
    headers: async () => ({ authorization: 'Basic dXNlcjpwYXNzd29yZA==' }),
    status: 401,
    reason: 'malformed_credentials',
  },
  {
    name: 'missing API key (empty header)',
    headers: async () => ({ 'x-api-key': '' }),
    status: 401,
    reason: 'missing_credentials',
  },
  {
    name: 'malformed API key',
    headers: async () => ({ 'x-api-key': 'not-an-api-key' }),
    status: 401,
    reason: 'malformed_credentials',
  },
  {
    name: 'wrong API key (known id, wrong secret)',
    headers: async () => ({
      'x-api-key': `bk_reader01_${generateApiKey().key.split('_').slice(2).join('_')}`,
    }),
    status: 401,
    reason: 'wrong_key',
  },
  {
    name: 'unknown API key id',
    headers: async () => ({ 'x-api-key': generateApiKey({ id: 'stranger' }).key }),
    status: 401,
    reason: 'unknown_key',
  },
  {
    name: 'revoked API key',
    headers: async () => ({ 'x-api-key': revokedKey.key }),
    status: 401,
    reason: 'key_revoked',
  },
  {
    name: 'valid token without the write scope',
    method: 'POST',
    headers: async (keys) =>
      bearer(
        await sign(
          claims({ scope: 'candidates:read' }),
          { alg: 'RS256', kid: 'rsa-1' },
          keys.rsa.privateKey,
        ),
      ),
    status: 403,
    reason: 'missing scope candidates:write',
  },
  {
    name: 'valid API key without the write scope',
    method: 'POST',
    headers: async () => ({ 'x-api-key': readKey.key }),
    status: 403,
    reason: 'missing scope candidates:write',
  },
];

const HS256_ATTACKS: readonly Attack[] = [
  {
    name: 'RS256 token against an HS256-only service',
    headers: async (keys) =>
      bearer(await sign(claims(), { alg: 'RS256', kid: 'rsa-1' }, keys.rsa.privateKey)),
    status: 401,
    reason: 'algorithm_not_allowed',
  },
  {
    name: 'HS256 signed with the RSA public key PEM',
    headers: async (keys) =>
      bearer(await sign(claims(), { alg: 'HS256' }, new TextEncoder().encode(keys.rsaPublicPem))),
    status: 401,
    reason: 'bad_signature',
  },
  {
    name: 'HS256 signed with a guessed secret',
    headers: async () =>
      bearer(await sign(claims(), { alg: 'HS256' }, new TextEncoder().encode('secret'))),
    status: 401,
    reason: 'bad_signature',
  },
  {
    name: 'alg: none, junk signature',
    headers: async () => bearer(unsigned(claims(), 'c2lnbmF0dXJl')),
    status: 401,
    reason: 'algorithm_not_allowed',
  },
  {
    name: 'expired HS256 token',
    headers: async (keys) =>
      bearer(
        await sign(
          claims({ iat: now() - 600, nbf: now() - 600, exp: now() - 300 }),
          { alg: 'HS256' },
          new TextEncoder().encode(keys.hsSecret),
        ),
      ),
    status: 401,
    reason: 'token_expired',
  },
];

type VerifierKind = 'jwks (RS256, ES256)' | 'secret (HS256)';

async function verifierOptions(kind: VerifierKind, keys: TestKeys): Promise<JwtVerifierOptions> {
  const common = { issuer: ISSUER, audience: AUDIENCE };
  return kind === 'secret (HS256)'
    ? { ...common, algorithms: ['HS256'], secret: keys.hsSecret }
    : { ...common, algorithms: ['RS256', 'ES256'], jwks: keys.jwks };
}

function registry(): ApiKeyRegistry {
  const scopes = ['candidates:read'];
  const keys = new ApiKeyRegistry([
    { id: readKey.id, hash: readKey.hash, subject: 'partner-a', scopes },
    { id: rotatedReadKey.id, hash: rotatedReadKey.hash, subject: 'partner-a', scopes },
    { id: revokedKey.id, hash: revokedKey.hash, subject: 'partner-b', scopes },
  ]);
  keys.revoke(revokedKey.id);
  return keys;
}

const SUITES: ReadonlyArray<[VerifierKind, readonly Attack[]]> = [
  ['jwks (RS256, ES256)', JWKS_ATTACKS],
  ['secret (HS256)', HS256_ATTACKS],
];

for (const framework of FRAMEWORKS) {
  for (const [verifierKind, attacks] of SUITES) {
    describe(`${framework} edge, JWT verifier on ${verifierKind}`, () => {
      let keys: TestKeys;
      let service: RunningService;
      let logs: LogCapture;

      beforeAll(async () => {
        keys = await testKeys();
        logs = captureLogs();
        const authenticator = new RequestAuthenticator({
          apiKeys: registry(),
          jwt: new JwtVerifier(await verifierOptions(verifierKind, keys)),
        });
        service = await startExampleService(framework, {
          store: new InMemoryCandidateStore(),
          edge: {
            authenticator,
            health: new HealthRegistry(),
            logger: createLogger({ stream: logs.stream, level: 'debug', service: 'edge-test' }),
          },
        });
      });
      afterAll(async () => {
        await service.close();
      });

      for (const attack of attacks) {
        it(`rejects ${attack.name} with ${attack.status}, leaking nothing`, async () => {
          // Prepare
          const headers = await attack.headers(keys);
          const presented = Object.values(headers);
          const secrets = [
            ...presented,
            ...presented.map((value) => value.replace(/^Bearer /, '')),
            ...API_KEY_SECRETS,
            keys.hsSecret,
          ];
          const method = attack.method ?? 'GET';
          const path = method === 'POST' ? '/v1/candidates' : '/v1/whoami';
          const logsBefore = logs.text().length;

          // Act
          const response = await fetch(`${service.baseUrl}${path}`, {
            method,
            headers: { ...headers, 'content-type': 'application/json' },
            ...(method === 'POST'
              ? { body: JSON.stringify({ name: 'Ana', phone: '+5215512345678' }) }
              : {}),
          });
          const body = await response.text();
          await logs.entries();
          const logText = logs.text().slice(logsBefore);

          // Assess
          const code = attack.status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN';
          expect(response.status).toBe(attack.status);
          expect(JSON.parse(body)).toEqual({
            ok: false,
            error: { code, message: expect.any(String) },
          });
          expect(leakedSecrets(body, secrets)).toEqual([]);
          expect(leakedSecrets(logText, secrets)).toEqual([]);
          expect(body).not.toMatch(STACK_FRAME);
          expect(logText).not.toMatch(STACK_FRAME);
          if (attack.status === 401) {
            expect(response.headers.get('www-authenticate')).toBe('Bearer');
            expect(logText).toContain(`"reason":"${attack.reason}"`);
          } else {
            expect(logText).toContain('"missing":["candidates:write"]');
          }
          results.push({
            framework,
            verifier: verifierKind,
            attack: attack.name,
            status: response.status,
            code: (JSON.parse(body) as { error: { code: string } }).error.code,
            reason: attack.reason,
          });
        });
      }

      it('accepts valid credentials: rotated API keys and a signed token', async () => {
        // Prepare
        const token =
          verifierKind === 'secret (HS256)'
            ? await sign(claims(), { alg: 'HS256' }, new TextEncoder().encode(keys.hsSecret))
            : await sign(claims(), { alg: 'ES256', kid: 'ec-1' }, keys.ec.privateKey);
        const callers = [
          { 'x-api-key': readKey.key },
          { 'x-api-key': rotatedReadKey.key },
          bearer(token),
        ];

        // Act
        const responses = await Promise.all(
          callers.map((headers) => fetch(`${service.baseUrl}/v1/whoami`, { headers })),
        );
        const bodies = await Promise.all(responses.map((response) => response.json()));

        // Assess
        expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
        expect(bodies.map((body) => (body as { data: { subject: string } }).data.subject)).toEqual([
          'partner-a',
          'partner-a',
          'lead-ingestion',
        ]);
      });
    });
  }
}

afterAll(() => {
  const lines = [
    '| framework | JWT verifier | attack | status | code | logged reason |',
    '|---|---|---|---:|---|---|',
    ...results.map(
      (row) =>
        `| ${row.framework} | ${row.verifier} | ${row.attack} | ${row.status} | ${row.code} | ${row.reason} |`,
    ),
  ];
  mkdirSync('.tmp', { recursive: true });
  writeFileSync('.tmp/edge-attack-table.md', `${lines.join('\n')}\n`);
});
