import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JwtVerifier, type JwtVerifierOptions } from '../../src/shared/auth/jwt-verifier.js';
import { serviceClaims } from './support/craft-jwt.js';
import { startHugeJwksServer } from './support/huge-jwks-server.js';
import { reasonOf } from './support/reason-of.js';
import { json, type StubServer, startStubServer } from './support/stub-server.js';
import { AUDIENCE, ISSUER, type TestKeys, testKeys } from './support/test-keys.js';

// The remote JWKS is fetched with a timeout, a body-size cap (streamed, aborted past it) and
// jose's cache and cooldown, all configurable and bounded.

const MIB = 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Memory that a read body occupies: the JS heap and the array buffers outside it. */
function memory(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

describe('JwtVerifier with a remote JWKS', () => {
  let keys: TestKeys;
  let token: string;
  let unknownKidToken: string;
  let jwksServer: StubServer;
  let silentServer: StubServer;
  const options = (jwksUrl: string, extra: Partial<JwtVerifierOptions> = {}) =>
    new JwtVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['ES256'],
      jwksUrl,
      ...extra,
    });

  beforeAll(async () => {
    keys = await testKeys();
    token = await new SignJWT(serviceClaims())
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: 'ec-1' })
      .sign(keys.ec.privateKey);
    unknownKidToken = await new SignJWT(serviceClaims())
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: 'ec-rotated' })
      .sign(keys.ec.privateKey);
    jwksServer = await startStubServer((_hit, res) => json(res, 200, keys.jwks));
    // Never answers: the fetch must give up on its own.
    silentServer = await startStubServer(() => new Promise(() => {}));
  });
  afterAll(async () => {
    await jwksServer.close();
    await silentServer.close();
  });

  for (const declareLength of [false, true]) {
    const framing = declareLength ? 'with content-length' : 'chunked';
    it(`stops reading a 20 MiB key set (${framing}) at the 1 MiB cap`, async () => {
      // Prepare
      const huge = await startHugeJwksServer(keys, 20 * MIB, declareLength);
      const verifier = options(huge.url);
      gc();
      const before = memory();

      // Act
      const reason = await reasonOf(verifier.verify(token));
      const grown = memory() - before;
      const sent = huge.sentBytes();
      await huge.close();

      // Assess
      console.info(
        `20 MiB JWKS (${framing}): memory +${(grown / MIB).toFixed(1)} MiB before GC, ` +
          `server wrote ${(sent / MIB).toFixed(1)} MiB before the client stopped`,
      );
      expect(reason).toBe('key_set_too_large');
      expect(grown).toBeLessThan(16 * MIB);
      expect(sent).toBeLessThan(20 * MIB);
    });
  }

  it('takes a bigger key set when jwksMaxBytes allows it', async () => {
    // Prepare
    const big = await startHugeJwksServer(keys, 2 * MIB, false);

    // Act
    const capped = await reasonOf(options(big.url).verify(token));
    const allowed = await reasonOf(options(big.url, { jwksMaxBytes: 4 * MIB }).verify(token));
    await big.close();

    // Assess
    expect({ capped, allowed }).toEqual({ capped: 'key_set_too_large', allowed: undefined });
  });

  it('gives up on a JWKS that never answers after jwksTimeoutMs', async () => {
    // Prepare
    const verifier = options(`${silentServer.url}/jwks.json`, { jwksTimeoutMs: 300 });
    const started = Date.now();

    // Act
    const reason = await reasonOf(verifier.verify(token));

    // Assess
    expect(reason).toBe('key_set_unavailable');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('gives up on a key set whose body trickles in, after jwksTimeoutMs', async () => {
    // Prepare: headers at once, then one byte every 100 ms.
    const trickle = await startStubServer((_hit, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"keys":[');
      const timer = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(timer));
    });
    const verifier = options(`${trickle.url}/jwks.json`, { jwksTimeoutMs: 400 });
    const started = Date.now();

    // Act
    const reason = await reasonOf(verifier.verify(token));
    const elapsed = Date.now() - started;
    await trickle.close();

    // Assess
    expect(reason).toBe('key_set_unavailable');
    expect(elapsed).toBeLessThan(5000);
  });

  it('refetches for an unknown kid only after jwksCooldownMs', async () => {
    // Prepare
    const url = `${jwksServer.url}/cooldown.json`;
    const eager = options(`${url}?eager`, { jwksCooldownMs: 0 });
    const patient = options(`${url}?patient`, { jwksCooldownMs: 60_000 });
    const hitsOf = (query: string) => jwksServer.hits.filter((h) => h.url.endsWith(query)).length;

    // Act
    const reasons = [
      await reasonOf(eager.verify(token)),
      await reasonOf(eager.verify(unknownKidToken)),
      await reasonOf(patient.verify(token)),
      await reasonOf(patient.verify(unknownKidToken)),
    ];

    // Assess
    expect(reasons).toEqual([undefined, 'unknown_key', undefined, 'unknown_key']);
    expect({ eager: hitsOf('?eager'), patient: hitsOf('?patient') }).toEqual({
      eager: 2,
      patient: 1,
    });
  });

  it('remembers a failed key-set fetch for jwksCooldownMs: a broken key server is asked once, not per request', async () => {
    // Prepare
    const broken = await startStubServer((_hit, res) => json(res, 503, { error: 'down' }));
    try {
      const remembering = options(`${broken.url}/jwks.json?remembering`, {
        jwksCooldownMs: 60_000,
      });
      const forgetting = options(`${broken.url}/jwks.json?forgetting`, { jwksCooldownMs: 0 });
      const hitsOf = (query: string) => broken.hits.filter((h) => h.url.endsWith(query)).length;

      // Act
      const reasons = [];
      for (let i = 0; i < 5; i += 1) reasons.push(await reasonOf(remembering.verify(token)));
      for (let i = 0; i < 3; i += 1) reasons.push(await reasonOf(forgetting.verify(token)));

      // Assess
      expect(reasons).toEqual(Array(8).fill('key_set_unavailable'));
      expect({ remembering: hitsOf('?remembering'), forgetting: hitsOf('?forgetting') }).toEqual({
        remembering: 1,
        forgetting: 3,
      });
    } finally {
      await broken.close();
    }
  });

  it('remembers a key set over the size cap as key_set_too_large, without reading it again', async () => {
    // Prepare
    const huge = await startHugeJwksServer(keys, 4 * MIB, true);
    try {
      const verifier = options(`${huge.url}/jwks.json`, { jwksCooldownMs: 60_000 });

      // Act
      const first = await reasonOf(verifier.verify(token));
      const sentAfterFirst = huge.sentBytes();
      const second = await reasonOf(verifier.verify(token));

      // Assess
      expect([first, second]).toEqual(['key_set_too_large', 'key_set_too_large']);
      expect(huge.sentBytes()).toBe(sentAfterFirst);
    } finally {
      await huge.close();
    }
  });

  it('refetches the key set once jwksCacheMaxAgeMs has passed', async () => {
    // Prepare
    const url = `${jwksServer.url}/cache.json`;
    const verifier = options(url, { jwksCacheMaxAgeMs: 1000 });
    const hits = () => jwksServer.hits.filter((h) => h.url === '/cache.json').length;

    // Act
    await verifier.verify(token);
    await verifier.verify(token);
    const cached = hits();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await verifier.verify(token);

    // Assess
    expect({ cached, afterMaxAge: hits() }).toEqual({ cached: 1, afterMaxAge: 2 });
  });

  it('refuses out-of-range JWKS limits at construction', () => {
    // Act
    const make = () =>
      options(`${jwksServer.url}/jwks.json`, {
        jwksMaxBytes: 0,
        jwksCacheMaxAgeMs: Number.POSITIVE_INFINITY,
        jwksCooldownMs: -5,
      });

    // Assess
    expect(make).toThrow(/jwksMaxBytes[\s\S]*jwksCacheMaxAgeMs[\s\S]*jwksCooldownMs/);
  });
});
