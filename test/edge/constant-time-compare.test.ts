import { timingSafeEqual } from 'node:crypto';
import {
  ApiKeyRegistry,
  AuthenticationError,
  createLogger,
  generateApiKey,
  RequestAuthenticator,
} from '@baltra/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { InMemoryCandidateStore } from '../../examples/service/candidate-store.js';
import { captureLogs } from '../shared/support/log-capture.js';
import { rawRequest } from './support/raw-http.js';
import {
  FRAMEWORKS,
  type RunningService,
  startExampleService,
} from './support/start-example-service.js';

// The SDK's own modules get a recording `timingSafeEqual` that still compares for real.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const compare = vi.mocked(timingSafeEqual);
const key = generateApiKey({ id: 'ctime001' });
/** The same id and a secret of the same length: only the comparison can tell them apart. */
const forged = `bk_${key.id}_${'A'.repeat(key.key.length - `bk_${key.id}_`.length)}`;

function registry(): ApiKeyRegistry {
  return new ApiKeyRegistry([{ id: key.id, hash: key.hash, subject: 'partner-a', scopes: [] }]);
}

/** Each call's argument lengths and result. */
function calls(): Array<{ lengths: [number, number]; result: boolean }> {
  return compare.mock.calls.map(([a, b], index) => ({
    lengths: [(a as Buffer).length, (b as Buffer).length],
    result: compare.mock.results[index]?.value as boolean,
  }));
}

beforeEach(() => {
  compare.mockClear();
});

describe('ApiKeyRegistry.verify compares with timingSafeEqual', () => {
  it('compares equal-length digests once for the right key, the forged key and an unknown id', () => {
    // Prepare
    const keys = registry();
    const unknown = generateApiKey({ id: 'nobody01' }).key;

    // Act
    const principal = keys.verify(key.key);
    const forgedOutcome = () => keys.verify(forged);
    const unknownOutcome = () => keys.verify(unknown);

    // Assess
    expect(principal.subject).toBe('partner-a');
    expect(forgedOutcome).toThrow(AuthenticationError);
    expect(unknownOutcome).toThrow(AuthenticationError);
    expect(forged.length).toBe(key.key.length);
    expect(calls()).toEqual([
      { lengths: [32, 32], result: true },
      { lengths: [32, 32], result: false },
      { lengths: [32, 32], result: false },
    ]);
  });

  it("decides by timingSafeEqual's answer alone: the right key fails when it says no", () => {
    // Prepare
    compare.mockImplementationOnce(() => false);

    // Act
    const outcome = () => registry().verify(key.key);

    // Assess
    expect(outcome).toThrow(expect.objectContaining({ reason: 'wrong_key' }));
    expect(compare).toHaveBeenCalledTimes(1);
  });

  it('compares 32-byte digests for a presented key longer than the stored one', () => {
    // Prepare
    const longer = `${key.key}${'B'.repeat(40)}`;

    // Act
    const outcome = () => registry().verify(longer);

    // Assess
    expect(outcome).toThrow(expect.objectContaining({ reason: 'wrong_key' }));
    expect(calls()).toEqual([{ lengths: [32, 32], result: false }]);
  });
});

for (const framework of FRAMEWORKS) {
  describe(`${framework} edge: API keys over a raw socket go through timingSafeEqual`, () => {
    let service: RunningService;

    beforeAll(async () => {
      service = await startExampleService(framework, {
        store: new InMemoryCandidateStore(),
        edge: {
          authenticator: new RequestAuthenticator({ apiKeys: registry() }),
          logger: createLogger({ stream: captureLogs().stream, level: 'debug', service: 'ct' }),
        },
      });
    });
    afterAll(async () => {
      await service.close();
    });

    const whoami = (apiKey: string) =>
      rawRequest(service.baseUrl, { path: '/v1/whoami', headers: [['X-Api-Key', apiKey]] });

    it('answers 200 to the key and 401 to the forged one, one equal-length comparison each', async () => {
      // Act
      const right = await whoami(key.key);
      const wrong = await whoami(forged);

      // Assess
      expect([right.status, wrong.status]).toEqual([200, 401]);
      expect(calls()).toEqual([
        { lengths: [32, 32], result: true },
        { lengths: [32, 32], result: false },
      ]);
    });

    it('answers 401 to the right key when the comparison says no', async () => {
      // Prepare
      compare.mockImplementationOnce(() => false);

      // Act
      const response = await whoami(key.key);

      // Assess
      expect(response.status).toBe(401);
      expect(compare).toHaveBeenCalledTimes(1);
    });
  });
}
