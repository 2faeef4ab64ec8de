import { exportPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JwtVerifier } from '../../src/shared/auth/jwt-verifier.js';
import { mintServiceToken } from '../../src/shared/auth/mint-service-token.js';
import { RequestAuthenticator } from '../../src/shared/auth/request-authenticator.js';
import { createServiceTokenProvider } from '../../src/shared/auth/service-token-provider.js';
import { reasonOf } from './support/reason-of.js';
import { json, type StubServer, startStubServer } from './support/stub-server.js';
import { AUDIENCE, ISSUER, type TestKeys, testKeys } from './support/test-keys.js';

const SECRET = 'a-shared-secret-of-at-least-32-bytes!!';
const T0 = new Date('2026-11-23T12:00:00Z');

const hsVerifier = (options: { clockToleranceSeconds?: number; now?: () => Date } = {}) =>
  new JwtVerifier({
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: ['HS256'],
    secret: SECRET,
    ...options,
  });

const mintHs = (options: { now?: () => Date; ttlSeconds?: number; scopes?: string[] } = {}) =>
  mintServiceToken({
    algorithm: 'HS256',
    key: SECRET,
    issuer: ISSUER,
    audience: AUDIENCE,
    subject: 'lead-ingestion',
    scopes: options.scopes ?? ['candidates:read'],
    ...options,
  });

describe('JwtVerifier configuration', () => {
  it('refuses mixing HMAC and public-key algorithms, and other unsafe setups', () => {
    const base = { issuer: ISSUER, audience: AUDIENCE };
    expect(
      () => new JwtVerifier({ ...base, algorithms: ['HS256', 'RS256'], secret: SECRET }),
    ).toThrow(/RS256.*shared secret/);
    expect(() => new JwtVerifier({ ...base, algorithms: ['HS256'], jwks: { keys: [] } })).toThrow(
      /HS256.*JWKS/,
    );
    expect(() => new JwtVerifier({ ...base, algorithms: ['HS256'], secret: 'short' })).toThrow(
      /32 bytes/,
    );
    expect(() => new JwtVerifier({ ...base, algorithms: [], secret: SECRET })).toThrow(
      /at least one/,
    );
    expect(
      () => new JwtVerifier({ ...base, algorithms: ['HS256'], secret: SECRET, jwks: { keys: [] } }),
    ).toThrow(/exactly one/);
    expect(
      () =>
        new JwtVerifier({
          ...base,
          algorithms: ['HS256'],
          secret: SECRET,
          clockToleranceSeconds: 301,
        }),
    ).toThrow(/clockToleranceSeconds/);
    expect(
      () =>
        new JwtVerifier({
          ...base,
          algorithms: ['RS256'],
          jwksUrl: 'http://auth.example/jwks.json',
        }),
    ).toThrow(/https/);
    expect(
      () => new JwtVerifier({ ...base, audience: '', algorithms: ['HS256'], secret: SECRET }),
    ).toThrow(/audience/);
  });
});

describe('JwtVerifier with HS256', () => {
  it('verifies a minted service token and returns the calling service with its scopes', async () => {
    // Prepare
    const token = await mintHs({ scopes: ['candidates:read', 'candidates:write'] });

    // Act
    const principal = await hsVerifier().verify(token);

    // Assess
    expect(principal).toMatchObject({
      kind: 'service',
      subject: 'lead-ingestion',
      issuer: ISSUER,
      scopes: ['candidates:read', 'candidates:write'],
      tokenId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(principal.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60_000);
  });

  it('tolerates clock skew up to the configured bound, not beyond', async () => {
    // Prepare: a 60 s token minted at T0, checked 10 s and 60 s after it expired.
    const token = await mintHs({ now: () => T0, ttlSeconds: 60 });
    const at = (seconds: number) => () => new Date(T0.getTime() + seconds * 1000);

    // Act
    const within = await reasonOf(hsVerifier({ now: at(70) }).verify(token));
    const beyond = await reasonOf(hsVerifier({ now: at(120) }).verify(token));
    const strict = await reasonOf(
      hsVerifier({ now: at(70), clockToleranceSeconds: 0 }).verify(token),
    );
    const early = await reasonOf(hsVerifier({ now: at(-10) }).verify(token));
    const tooEarly = await reasonOf(hsVerifier({ now: at(-120) }).verify(token));

    // Assess
    expect({ within, beyond, strict, early, tooEarly }).toEqual({
      within: undefined,
      beyond: 'token_expired',
      strict: 'token_expired',
      early: undefined,
      tooEarly: 'token_not_yet_valid',
    });
  });

  it('rejects a token older than maxTokenAge even when exp is far away', async () => {
    // Prepare
    const token = await new SignJWT({ sub: 'svc', iss: ISSUER, aud: AUDIENCE })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(Math.floor(T0.getTime() / 1000) - 7200)
      .setExpirationTime(Math.floor(T0.getTime() / 1000) + 1800)
      .sign(new TextEncoder().encode(SECRET));

    // Act
    const reason = await reasonOf(hsVerifier({ now: () => T0 }).verify(token));

    // Assess
    expect(reason).toBe('token_expired');
  });

  it('rejects garbage before parsing it', async () => {
    expect(await reasonOf(hsVerifier().verify('not a token'))).toBe('malformed_credentials');
    expect(await reasonOf(hsVerifier().verify('a.b.c'))).toBe('malformed_credentials');
    expect(await reasonOf(hsVerifier().verify('x'.repeat(9000)))).toBe('credentials_too_large');
  });
});

describe('JwtVerifier with a JWKS', () => {
  let keys: TestKeys;
  let jwksServer: StubServer;
  let failingServer: StubServer;

  beforeAll(async () => {
    keys = await testKeys();
    jwksServer = await startStubServer((_hit, res) => json(res, 200, keys.jwks));
    failingServer = await startStubServer((_hit, res) => json(res, 503, { oops: true }));
  });
  afterAll(async () => {
    await jwksServer.close();
    await failingServer.close();
  });

  it('verifies RS256 tokens minted from a PKCS#8 PEM and ES256 tokens from a CryptoKey', async () => {
    // Prepare
    const verifier = new JwtVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['RS256', 'ES256'],
      jwks: keys.jwks,
    });
    const common = { issuer: ISSUER, audience: AUDIENCE, subject: 'onboarding' };
    const rs = await mintServiceToken({
      ...common,
      algorithm: 'RS256',
      key: await exportPKCS8(keys.rsa.privateKey),
      keyId: 'rsa-1',
    });
    const es = await mintServiceToken({
      ...common,
      algorithm: 'ES256',
      key: keys.ec.privateKey,
      keyId: 'ec-1',
    });

    // Act
    const principals = await Promise.all([verifier.verify(rs), verifier.verify(es)]);

    // Assess
    expect(principals.map((principal) => principal.subject)).toEqual(['onboarding', 'onboarding']);
  });

  it('fetches a remote JWKS once, and reports an unreachable one as key_set_unavailable', async () => {
    // Prepare
    const token = await mintServiceToken({
      issuer: ISSUER,
      audience: AUDIENCE,
      subject: 'onboarding',
      algorithm: 'ES256',
      key: keys.ec.privateKey,
      keyId: 'ec-1',
    });
    const options = { issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256' as const] };
    const remote = new JwtVerifier({ ...options, jwksUrl: `${jwksServer.url}/jwks.json` });
    const broken = new JwtVerifier({ ...options, jwksUrl: `${failingServer.url}/jwks.json` });

    // Act
    await remote.verify(token);
    await remote.verify(token);
    const reason = await reasonOf(broken.verify(token));

    // Assess
    expect(jwksServer.hits.map((hit) => hit.url)).toEqual(['/jwks.json']);
    expect(reason).toBe('key_set_unavailable');
  });
});

describe('mintServiceToken and createServiceTokenProvider', () => {
  it('bounds the lifetime and refuses keys that do not fit the algorithm', async () => {
    await expect(mintHs({ ttlSeconds: 3600 })).rejects.toThrow(RangeError);
    await expect(
      mintServiceToken({
        algorithm: 'HS256',
        key: 'short',
        issuer: 'a',
        audience: 'b',
        subject: 'c',
      }),
    ).rejects.toThrow(/32 bytes/);
    await expect(
      mintServiceToken({
        algorithm: 'RS256',
        key: new TextEncoder().encode(SECRET),
        issuer: 'a',
        audience: 'b',
        subject: 'c',
      }),
    ).rejects.toThrow(/private key/);
  });

  it('reuses a token until shortly before it expires', async () => {
    // Prepare
    let now = T0;
    const provider = createServiceTokenProvider({
      algorithm: 'HS256',
      key: SECRET,
      issuer: ISSUER,
      audience: AUDIENCE,
      subject: 'lead-ingestion',
      ttlSeconds: 60,
      refreshBeforeSeconds: 10,
      now: () => now,
    });

    // Act
    const [first, concurrent] = await Promise.all([provider(), provider()]);
    now = new Date(T0.getTime() + 49_000);
    const stillCached = await provider();
    now = new Date(T0.getTime() + 50_000);
    const renewed = await provider();

    // Assess
    expect(concurrent).toBe(first);
    expect(stillCached).toBe(first);
    expect(renewed).not.toBe(first);
  });
});

describe('RequestAuthenticator', () => {
  it('needs at least one credential type and rejects repeated or non-Bearer authorization', async () => {
    // Prepare
    const authenticator = new RequestAuthenticator({ jwt: hsVerifier() });
    const token = await mintHs();

    // Act / Assess
    expect(() => new RequestAuthenticator({})).toThrow(TypeError);
    expect(await reasonOf(authenticator.authenticate({ authorization: `Bearer ${token}` }))).toBe(
      undefined,
    );
    expect(await reasonOf(authenticator.authenticate({ authorization: `bearer ${token}` }))).toBe(
      undefined,
    );
    // A repeated header is the edge's 400 DUPLICATE_HEADER (src/shared/http/duplicate-header-error.ts).
    await expect(
      authenticator.authenticate({ authorization: [`Bearer ${token}`, 'Bearer x'] }),
    ).rejects.toMatchObject({ code: 'DUPLICATE_HEADER' });
    expect(await reasonOf(authenticator.authenticate({ authorization: `Token ${token}` }))).toBe(
      'malformed_credentials',
    );
    expect(await reasonOf(authenticator.authenticate({ 'x-api-key': 'bk_abcd_x' }))).toBe(
      'malformed_credentials',
    );
    expect(await reasonOf(authenticator.authenticate({}))).toBe('missing_credentials');
  });
});
