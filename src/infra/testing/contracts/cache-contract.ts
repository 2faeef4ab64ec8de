import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Cache } from '../../../shared/caching/cache.js';
import { METRICS } from '../../../shared/telemetry/metric-catalogue.js';
import type { Telemetry, TelemetryAttributes } from '../../../shared/telemetry/telemetry.js';
import type { ContractTestApi } from './contract-test-api.js';
import { expectBaltraError } from './expect-baltra-error.js';

/** What the cache contract needs from an adapter under test. */
export interface CacheHarness {
  readonly cache: Cache;
  /** Lets `ms` milliseconds pass for the cache's TTLs: advance a fake clock, or wait. */
  elapse(ms: number): Promise<void>;
  /** Releases connections; called once after the suite. */
  close?(): Promise<void>;
}

/** What the contract hands to the setup: build the cache with this namespace and telemetry. */
export interface CacheContractContext {
  readonly namespace: string;
  readonly telemetry: Telemetry;
}

/**
 * The behaviour every `Cache` must share: JSON values (Dates as ISO strings, `undefined`
 * properties dropped, non-JSON refused with `CACHE_VALUE_NOT_JSON` and nothing stored),
 * TTLs (`CACHE_OPTION_INVALID` for a bad one), `getOrCompute` with a single flight per cold key
 * whose failure reaches only its own callers, `delete`, `deleteByPrefix` taking the prefix
 * literally, and one hit or miss counted per lookup on the catalogue's cache counters. Keys
 * are random, so a shared server is fine; the setup gets the namespace and telemetry to use.
 *
 * @example
 * ```ts
 * import { afterAll, beforeAll, describe, it } from 'vitest';
 * import { cacheContract, InMemoryCache } from '@baltra/sdk/testing';
 *
 * let now = Date.now();
 * cacheContract('in-memory', async (context) => ({
 *   cache: new InMemoryCache({ ...context, clock: { now: () => new Date(now) } }),
 *   elapse: async (ms) => { now += ms; },
 * }), { describe, it, beforeAll, afterAll });
 * ```
 */
export function cacheContract(
  adapterName: string,
  setup: (context: CacheContractContext) => Promise<CacheHarness>,
  { describe, it, beforeAll, afterAll }: ContractTestApi,
): void {
  const namespace = `contract-${randomUUID().slice(0, 8)}`;
  const counters = new CountingTelemetry();
  let harness: CacheHarness | undefined;
  const opened = (): CacheHarness => {
    assert.ok(harness, 'the cache harness was not set up');
    return harness;
  };
  const cache = () => opened().cache;
  const aKey = () => `contract:${randomUUID()}`;
  const long = { ttlMs: 60_000 };

  describe(`${adapterName}: Cache contract`, () => {
    beforeAll(async () => {
      harness = await setup({ namespace, telemetry: counters });
    });
    afterAll(async () => {
      await harness?.close?.();
    });

    it('misses an unknown key, then returns what was set as JSON (null is a value)', async () => {
      const key = aKey();
      const nullKey = aKey();
      const value = {
        id: 'c-1',
        at: new Date('2026-03-01T00:00:00.000Z'),
        note: undefined,
        tags: ['a', 1, true, null, { deep: [2.5] }],
      };

      const before = await cache().get(key);
      await cache().set(key, value, long);
      await cache().set(nullKey, null, long);

      assert.equal(before, undefined);
      assert.deepEqual(await cache().get(key), {
        id: 'c-1',
        at: '2026-03-01T00:00:00.000Z',
        tags: ['a', 1, true, null, { deep: [2.5] }],
      });
      assert.equal(await cache().get(nullKey), null);
    });

    it('keeps its own copy: changing the value set or the value read changes nothing stored', async () => {
      const key = aKey();
      const value = { list: [1, 2] };
      await cache().set(key, value, long);

      value.list.push(3);
      const read = await cache().get<{ list: number[] }>(key);
      read?.list.push(4);

      assert.deepEqual(await cache().get(key), { list: [1, 2] });
    });

    it('expires an entry after its TTL; set replaces the value and the TTL', async () => {
      const short = aKey();
      const renewed = aKey();
      await cache().set(short, 'short', { ttlMs: 40 });
      await cache().set(renewed, 'first', { ttlMs: 40 });
      await cache().set(renewed, 'second', long);

      await opened().elapse(80);

      assert.equal(await cache().get(short), undefined);
      assert.equal(await cache().get(renewed), 'second');
    });

    it('refuses values JSON cannot carry with CACHE_VALUE_NOT_JSON and stores nothing', async () => {
      const key = aKey();
      const cycle: Record<string, unknown> = { name: 'loop' };
      cycle.self = cycle;
      class Money {
        constructor(readonly cents: number) {}
      }
      const refused: unknown[] = [
        undefined,
        () => 1,
        10n,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        Symbol('s'),
        cycle,
        new Map([['a', 1]]),
        new Set([1]),
        [1, undefined],
        { nested: { total: 10n } },
        new Money(5),
      ];
      await cache().set(key, 'kept', long);

      for (const value of refused) {
        await expectBaltraError(cache().set(key, value, long), 'CACHE_VALUE_NOT_JSON');
      }

      assert.equal(await cache().get(key), 'kept');
    });

    it('refuses a TTL that is not a positive whole number of milliseconds', async () => {
      const key = aKey();
      let computed = 0;

      for (const ttlMs of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expectBaltraError(cache().set(key, 1, { ttlMs }), 'CACHE_OPTION_INVALID');
        await expectBaltraError(
          cache().getOrCompute(key, async () => ++computed, { ttlMs }),
          'CACHE_OPTION_INVALID',
        );
      }

      assert.equal(computed, 0);
      assert.equal(await cache().get(key), undefined);
    });

    it('getOrCompute computes a cold key once, stores it, and answers later calls from the cache', async () => {
      const key = aKey();
      let computed = 0;
      const compute = async () => {
        computed += 1;
        return { run: computed, at: new Date('2026-01-01T00:00:00.000Z') };
      };

      const first = await cache().getOrCompute(key, compute, long);
      const second = await cache().getOrCompute(key, compute, long);

      const json = { run: 1, at: '2026-01-01T00:00:00.000Z' };
      assert.deepEqual(first, json);
      assert.deepEqual(second, json);
      assert.deepEqual(await cache().get(key), json);
      assert.equal(computed, 1);
    });

    it('getOrCompute runs one computation for concurrent callers of a cold key', async () => {
      const key = aKey();
      let computed = 0;

      const values = await Promise.all(
        Array.from({ length: 10 }, () =>
          cache().getOrCompute(
            key,
            async () => {
              computed += 1;
              return { run: computed };
            },
            long,
          ),
        ),
      );

      assert.equal(computed, 1);
      for (const value of values) assert.deepEqual(value, { run: 1 });
    });

    it('a failed computation reaches the callers of its flight only and is not cached', async () => {
      const key = aKey();
      const failure = new Error('compute failed');
      let computed = 0;
      const compute = async () => {
        computed += 1;
        if (computed === 1) throw failure;
        return 'recovered';
      };

      const outcomes = await Promise.allSettled(
        [1, 2, 3].map(() => cache().getOrCompute(key, compute, long)),
      );
      const missing = await cache().get(key);
      const retried = await cache().getOrCompute(key, compute, long);

      for (const outcome of outcomes) {
        assert.ok(outcome.status === 'rejected' && outcome.reason === failure);
      }
      assert.equal(missing, undefined);
      assert.equal(retried, 'recovered');
      assert.equal(computed, 2);
    });

    it('a computed value that is not JSON fails with CACHE_VALUE_NOT_JSON and is not cached', async () => {
      const key = aKey();

      await expectBaltraError(
        cache().getOrCompute(key, async () => new Map(), long),
        'CACHE_VALUE_NOT_JSON',
      );

      assert.equal(await cache().get(key), undefined);
    });

    it('delete removes one key and tells whether it was there', async () => {
      const key = aKey();
      const other = aKey();
      await cache().set(key, 1, long);
      await cache().set(other, 2, long);

      const deleted = await cache().delete(key);
      const again = await cache().delete(key);

      assert.equal(deleted, true);
      assert.equal(again, false);
      assert.equal(await cache().get(key), undefined);
      assert.equal(await cache().get(other), 2);
    });

    it('deleteByPrefix removes the keys under a prefix only, taking * ? [ ] literally', async () => {
      const base = aKey();
      const under = Array.from({ length: 30 }, (_, index) => `${base}:a:${index}`);
      for (const key of under) await cache().set(key, key, long);
      for (const key of [`${base}:b:1`, `${base}:a*:1`, `${base}:a?`, `${base}:[x]`]) {
        await cache().set(key, key, long);
      }

      const plain = await cache().deleteByPrefix(`${base}:a:`);
      const star = await cache().deleteByPrefix(`${base}:a*`);
      const bracket = await cache().deleteByPrefix(`${base}:[`);
      const none = await cache().deleteByPrefix(`${base}:zzz`);

      assert.deepEqual([plain, star, bracket, none], [30, 1, 1, 0]);
      assert.equal(await cache().get(under[0] as string), undefined);
      assert.equal(await cache().get(`${base}:b:1`), `${base}:b:1`);
      assert.equal(await cache().get(`${base}:a?`), `${base}:a?`);
    });

    it('counts one hit or one miss per lookup, with the cache name as attribute', async () => {
      const key = aKey();
      const cold = aKey();
      counters.reset();

      await cache().get(key);
      await cache().set(key, 'v', long);
      await cache().get(key);
      await cache().getOrCompute(key, async () => 'unused', long);
      await Promise.all([1, 2, 3].map(() => cache().getOrCompute(cold, async () => 'v', long)));

      assert.deepEqual(counters.totals(namespace), { hits: 2, misses: 4 });
    });
  });
}

/** A Telemetry that only adds up the catalogue's cache counters, by `cache` attribute. */
class CountingTelemetry implements Telemetry {
  private points: { name: string; value: number; attributes: TelemetryAttributes }[] = [];

  reset(): void {
    this.points = [];
  }

  totals(cacheName: string): { hits: number; misses: number } {
    const sum = (name: string) =>
      this.points
        .filter((point) => point.name === name && point.attributes.cache === cacheName)
        .reduce((total, point) => total + point.value, 0);
    return { hits: sum(METRICS.cacheHitsTotal.name), misses: sum(METRICS.cacheMissesTotal.name) };
  }

  counter(name: string) {
    return {
      add: (value: number, attributes: TelemetryAttributes = {}) => {
        this.points.push({ name, value, attributes });
      },
    };
  }

  histogram() {
    return { record: () => undefined };
  }

  gauge() {
    return { record: () => undefined };
  }

  startSpan() {
    return { setAttribute() {}, recordError() {}, end() {}, identity: () => undefined };
  }

  withSpan<T>(_span: unknown, fn: () => T): T {
    return fn();
  }
}
