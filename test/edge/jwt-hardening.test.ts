import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../src/shared/auth/authentication-error.js';
import { InvalidJwtOptionsError } from '../../src/shared/auth/invalid-jwt-options-error.js';
import { JwtVerifier, type JwtVerifierOptions } from '../../src/shared/auth/jwt-verifier.js';
import { mintServiceToken } from '../../src/shared/auth/mint-service-token.js';
import { craftHmacJwt, serviceClaims } from './support/craft-jwt.js';
import { reasonOf } from './support/reason-of.js';
import { AUDIENCE, ISSUER, type TestKeys, testKeys } from './support/test-keys.js';

// RFC 8725 hardening of JwtVerifier (issue #14, item 1): every attack is an AuthenticationError
// with its own reason, every bad option a typed error listing all problems at construction.

const STRONG_SECRET = 'hs256-test-secret-0123456789abcdef-XYZ';
const HEADER = { alg: 'HS256', typ: 'JWT' } as const;
const base = { issuer: ISSUER, audience: AUDIENCE } as const;

const hsVerifier = (options: Partial<JwtVerifierOptions> = {}) =>
  new JwtVerifier({ ...base, algorithms: ['HS256'], secret: STRONG_SECRET, ...options });

/** The problems listed by the typed options error `make` throws, or what else happened. */
function optionProblems(make: () => unknown): readonly string[] | string {
  try {
    make();
    return 'constructed';
  } catch (error) {
    const { code, problems } = error as { code?: unknown; problems?: unknown };
    if (code !== 'JWT_OPTIONS_INVALID' || !Array.isArray(problems)) {
      return `untyped ${String(error)}`;
    }
    return problems as string[];
  }
}

describe('JwtVerifier rejects token confusion and unsafe headers (RFC 8725 §3.11, §3.1)', () => {
  const cases: ReadonlyArray<[string, Record<string, unknown>, string]> = [
    ['typ at+jwt (an OAuth access token)', { ...HEADER, typ: 'at+jwt' }, 'wrong_token_type'],
    ['typ dpop+jwt (a DPoP proof)', { ...HEADER, typ: 'dpop+jwt' }, 'wrong_token_type'],
    ['no typ at all', { alg: 'HS256' }, 'wrong_token_type'],
    ['enc on a JWS', { ...HEADER, enc: 'A256GCM' }, 'header_not_allowed'],
    ['zip on a JWS', { ...HEADER, zip: 'DEF' }, 'header_not_allowed'],
    ['crit naming an extension', { ...HEADER, crit: ['exp'], exp: 1 }, 'header_not_allowed'],
    ['an empty crit', { ...HEADER, crit: [] }, 'header_not_allowed'],
  ];
  for (const [name, header, reason] of cases) {
    it(`rejects ${name} as ${reason}`, async () => {
      // Prepare
      const token = craftHmacJwt(header, serviceClaims(), STRONG_SECRET);

      // Act
      const actual = await reasonOf(hsVerifier().verify(token));

      // Assess
      expect(actual).toBe(reason);
    });
  }

  it('accepts typ JWT in any case and with the application/ prefix', async () => {
    // Prepare
    const tokens = ['JWT', 'jwt', 'application/jwt'].map((typ) =>
      craftHmacJwt({ alg: 'HS256', typ }, serviceClaims(), STRONG_SECRET),
    );

    // Act
    const reasons = await Promise.all(tokens.map((token) => reasonOf(hsVerifier().verify(token))));

    // Assess
    expect(reasons).toEqual([undefined, undefined, undefined]);
  });

  it('accepts at+jwt only when asked for, and then nothing else', async () => {
    // Prepare
    const verifier = hsVerifier({ typ: 'at+jwt' });
    const accessToken = craftHmacJwt({ ...HEADER, typ: 'at+jwt' }, serviceClaims(), STRONG_SECRET);
    const plain = craftHmacJwt(HEADER, serviceClaims(), STRONG_SECRET);

    // Act
    const reasons = [
      await reasonOf(verifier.verify(accessToken)),
      await reasonOf(verifier.verify(plain)),
    ];

    // Assess
    expect(reasons).toEqual([undefined, 'wrong_token_type']);
  });
});

describe('JwtVerifier checks the claims it returns', () => {
  const now = Math.floor(Date.now() / 1000);
  const cases: ReadonlyArray<[string, Record<string, unknown>, string]> = [
    ['an object sub', { sub: { id: 'svc' } }, 'claim_invalid'],
    ['a number sub', { sub: 42 }, 'claim_invalid'],
    ['an empty sub', { sub: '' }, 'claim_invalid'],
    ['a blank sub', { sub: '   ' }, 'claim_invalid'],
    ['exp 1e300 (an Invalid Date)', { exp: 1e300 }, 'token_lifetime_too_long'],
    ['exp ten years ahead', { exp: now + 10 * 366 * 86_400 }, 'token_lifetime_too_long'],
    ['exp two hours after iat', { exp: now + 7200 }, 'token_lifetime_too_long'],
    ['nbf after exp', { nbf: now + 30, exp: now + 20 }, 'claim_invalid'],
    ['a string iat', { iat: String(now) }, 'claim_invalid'],
  ];
  for (const [name, overrides, reason] of cases) {
    it(`rejects ${name} as ${reason}`, async () => {
      // Prepare
      const token = craftHmacJwt(HEADER, serviceClaims(overrides, now), STRONG_SECRET);

      // Act
      const actual = await reasonOf(hsVerifier().verify(token));

      // Assess
      expect(actual).toBe(reason);
    });
  }

  it('accepts a longer lifetime when maxLifetimeSeconds allows it', async () => {
    // Prepare
    const token = craftHmacJwt(HEADER, serviceClaims({ exp: now + 7200 }, now), STRONG_SECRET);

    // Act
    const principal = await hsVerifier({ maxLifetimeSeconds: 3 * 3600 }).verify(token);

    // Assess
    expect(principal.expiresAt.getTime()).toBe((now + 7200) * 1000);
  });
});

describe('JwtVerifier refuses weak HMAC keys when it is constructed', () => {
  const weak: ReadonlyArray<[string, string | Uint8Array, RegExp]> = [
    ['32 × "a"', 'a'.repeat(32), /repeat/],
    ['a repeated short pattern', 'abc1'.repeat(10), /repeat/],
    ['a dictionary word', 'letmein', /32 bytes[\s\S]*common/],
    ['dictionary words padded to length', 'password-password-password-123456', /common/],
    ['a long common password', 'changeme_changeme_changeme_changeme', /common/],
    ['low-entropy bytes', 'ab'.repeat(15).concat('abbaabbaabba'), /entropy|repeat/],
    ['32 zero bytes', new Uint8Array(32), /repeat/],
  ];
  for (const [name, secret, message] of weak) {
    it(`refuses ${name}`, () => {
      // Act
      const problems = optionProblems(() => hsVerifier({ secret }));

      // Assess
      expect(Array.isArray(problems)).toBe(true);
      expect((problems as string[]).join('\n')).toMatch(message);
      expect((problems as string[]).join('\n')).not.toContain(String(secret));
    });
  }

  it('accepts random secrets in the usual encodings (no false positives in 4000 draws)', () => {
    // Prepare
    const draws = Array.from({ length: 1000 }, () => [
      randomBytes(64),
      randomBytes(64).toString('base64url'),
      randomBytes(48).toString('base64'),
      randomBytes(32).toString('hex'),
    ]).flat();

    // Act
    const refused = draws.filter(
      (secret) => typeof optionProblems(() => hsVerifier({ secret })) !== 'string',
    );

    // Assess
    expect(refused).toEqual([]);
  });

  it('asks RFC 7518 key lengths: 32/48/64 bytes for HS256/384/512', () => {
    // Prepare
    const key32 = randomBytes(32);
    const key48 = randomBytes(48);
    const key64 = randomBytes(64);
    const make = (algorithm: 'HS256' | 'HS384' | 'HS512', secret: Uint8Array) => () =>
      new JwtVerifier({ ...base, algorithms: [algorithm], secret });

    // Act
    const results = {
      hs512With32: optionProblems(make('HS512', key32)),
      hs384With32: optionProblems(make('HS384', key32)),
      hs512With48: optionProblems(make('HS512', key48)),
      hs256With32: optionProblems(make('HS256', key32)),
      hs384With48: optionProblems(make('HS384', key48)),
      hs512With64: optionProblems(make('HS512', key64)),
    };

    // Assess
    expect(results).toEqual({
      hs512With32: [expect.stringMatching(/HS512.*64 bytes/)],
      hs384With32: [expect.stringMatching(/HS384.*48 bytes/)],
      hs512With48: [expect.stringMatching(/HS512.*64 bytes/)],
      hs256With32: 'constructed',
      hs384With48: 'constructed',
      hs512With64: 'constructed',
    });
  });

  it('refuses to mint with a key the verifier would refuse', async () => {
    // Prepare
    const mint = (algorithm: 'HS256' | 'HS512', key: string | Uint8Array) =>
      mintServiceToken({ algorithm, key, issuer: ISSUER, audience: AUDIENCE, subject: 'svc' });

    // Act / Assess
    await expect(mint('HS512', randomBytes(32))).rejects.toThrow(/HS512.*64 bytes/);
    await expect(mint('HS256', 'a'.repeat(40))).rejects.toThrow(/repeat/);
    await expect(mint('HS512', randomBytes(64))).resolves.toMatch(/^ey/);
  });
});

describe('JwtVerifier validates every option and lists every problem', () => {
  it('refuses non-finite, negative and absurd numbers, naming each', () => {
    // Act
    const problems = optionProblems(() =>
      hsVerifier({
        maxTokenAgeSeconds: Number.POSITIVE_INFINITY,
        clockToleranceSeconds: -1,
        maxTokenBytes: Number.NaN,
        maxHeaderBytes: 0,
        maxLifetimeSeconds: 10 * 365 * 86_400,
        jwksTimeoutMs: 1.5,
      }),
    );

    // Assess
    expect(problems).toEqual([
      expect.stringMatching(/clockToleranceSeconds/),
      expect.stringMatching(/maxTokenAgeSeconds/),
      expect.stringMatching(/maxLifetimeSeconds/),
      expect.stringMatching(/maxTokenBytes/),
      expect.stringMatching(/maxHeaderBytes/),
      expect.stringMatching(/jwksTimeoutMs/),
    ]);
  });

  it('refuses empty audiences and issuers, also inside a list', () => {
    // Act
    const results = [
      optionProblems(() => hsVerifier({ audience: [''] })),
      optionProblems(() => hsVerifier({ audience: [AUDIENCE, ''] })),
      optionProblems(() => hsVerifier({ audience: [] })),
      optionProblems(() => hsVerifier({ issuer: [''] })),
      optionProblems(() => hsVerifier({ issuer: ' ' })),
      optionProblems(() => hsVerifier({ typ: '' })),
    ];

    // Assess
    expect(results).toEqual([
      [expect.stringMatching(/audience/)],
      [expect.stringMatching(/audience/)],
      [expect.stringMatching(/audience/)],
      [expect.stringMatching(/issuer/)],
      [expect.stringMatching(/issuer/)],
      [expect.stringMatching(/typ/)],
    ]);
  });

  it('lets no token through an audience list holding "" (aud: "")', async () => {
    // Prepare
    const token = craftHmacJwt(HEADER, serviceClaims({ aud: '' }), STRONG_SECRET);

    // Act
    const outcome = await (async () => {
      try {
        return await reasonOf(hsVerifier({ audience: [''] }).verify(token));
      } catch {
        return 'refused at construction';
      }
    })();

    // Assess
    expect(outcome).toBe('refused at construction');
  });

  it('wants the JWKS URL on https (http only on loopback) and without credentials', () => {
    // Prepare
    const jwks = (jwksUrl: string) => () =>
      new JwtVerifier({ ...base, algorithms: ['ES256'], jwksUrl });

    // Act
    const results = {
      userinfo: optionProblems(jwks('https://user:password@auth.example/jwks.json')),
      userOnly: optionProblems(jwks('https://user@auth.example/jwks.json')),
      plainHttp: optionProblems(jwks('http://auth.example/jwks.json')),
      ftp: optionProblems(jwks('ftp://auth.example/jwks.json')),
      notAUrl: optionProblems(jwks('not a url')),
      https: optionProblems(jwks('https://auth.example/jwks.json')),
      loopback: optionProblems(jwks('http://127.0.0.1:8080/jwks.json')),
      loopback6: optionProblems(jwks('http://[::1]:8080/jwks.json')),
      localhost: optionProblems(jwks('http://localhost:8080/jwks.json')),
    };

    // Assess
    expect(results).toEqual({
      userinfo: [expect.stringMatching(/credentials/)],
      userOnly: [expect.stringMatching(/credentials/)],
      plainHttp: [expect.stringMatching(/https/)],
      ftp: [expect.stringMatching(/https/)],
      notAUrl: [expect.stringMatching(/jwksUrl/)],
      https: 'constructed',
      loopback: 'constructed',
      loopback6: 'constructed',
      localhost: 'constructed',
    });
  });

  it('lists problems of different options together, never the secret', () => {
    // Act
    const problems = optionProblems(() =>
      hsVerifier({ algorithms: ['HS512'], secret: 'x'.repeat(40), audience: '', typ: 'a b' }),
    );

    // Assess
    expect(problems).toEqual([
      expect.stringMatching(/audience/),
      expect.stringMatching(/typ/),
      expect.stringMatching(/HS512.*64 bytes/),
      expect.stringMatching(/repeat/),
    ]);
    expect(JSON.stringify(problems)).not.toContain('x'.repeat(40));
  });
});

describe('JwtVerifier errors are typed', () => {
  it('throws InvalidJwtOptionsError at construction and AuthenticationError on verify', async () => {
    // Prepare
    const token = craftHmacJwt({ ...HEADER, typ: 'at+jwt' }, serviceClaims(), STRONG_SECRET);

    // Act
    const construction = (() => {
      try {
        return hsVerifier({ secret: 'a'.repeat(32), maxTokenAgeSeconds: Number.NaN });
      } catch (error) {
        return error;
      }
    })();
    const verification = await hsVerifier()
      .verify(token)
      .catch((error: unknown) => error);

    // Assess
    expect(construction).toBeInstanceOf(InvalidJwtOptionsError);
    expect(construction).toMatchObject({
      code: 'JWT_OPTIONS_INVALID',
      problems: expect.any(Array),
    });
    expect((construction as InvalidJwtOptionsError).problems).toHaveLength(2);
    expect(verification).toBeInstanceOf(AuthenticationError);
    expect(verification).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
      reason: 'wrong_token_type',
    });
  });
});

describe('JwtVerifier still accepts valid tokens', () => {
  let keys: TestKeys;
  beforeAll(async () => {
    keys = await testKeys();
  });

  it('HS256 with a strong key, minted or signed by jose', async () => {
    // Prepare
    const minted = await mintServiceToken({
      algorithm: 'HS256',
      key: STRONG_SECRET,
      issuer: ISSUER,
      audience: AUDIENCE,
      subject: 'lead-ingestion',
    });
    const signed = await new SignJWT(serviceClaims())
      .setProtectedHeader(HEADER)
      .sign(new TextEncoder().encode(STRONG_SECRET));

    // Act
    const principals = await Promise.all([minted, signed].map((t) => hsVerifier().verify(t)));

    // Assess
    expect(principals.map((p) => p.subject)).toEqual(['lead-ingestion', 'lead-ingestion']);
  });

  it('RS256 and ES256 through a local JWKS', async () => {
    // Prepare
    const verifier = new JwtVerifier({ ...base, algorithms: ['RS256', 'ES256'], jwks: keys.jwks });
    const rs = await new SignJWT(serviceClaims())
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'rsa-1' })
      .sign(keys.rsa.privateKey);
    const es = await new SignJWT(serviceClaims())
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: 'ec-1' })
      .sign(keys.ec.privateKey);

    // Act
    const principals = await Promise.all([verifier.verify(rs), verifier.verify(es)]);

    // Assess
    expect(principals.map((p) => p.issuer)).toEqual([ISSUER, ISSUER]);
  });
});
