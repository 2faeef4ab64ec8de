import { CacheValueError, encodeCacheValue, SingleFlight } from '@baltra/sdk';
import { InMemoryCache } from '@baltra/sdk/testing';
import { describe, expect, it } from 'vitest';

const ttl = { ttlMs: 60_000 };

function aCache(maxEntries?: number) {
  let now = Date.parse('2026-03-01T00:00:00.000Z');
  const cache = new InMemoryCache({
    namespace: 'test',
    clock: { now: () => new Date(now) },
    ...(maxEntries === undefined ? {} : { maxEntries }),
  });
  return {
    cache,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('InMemoryCache', () => {
  it('keeps at most maxEntries, evicting the least recently used (reads count as use)', async () => {
    const { cache } = aCache(3);
    await cache.set('a', 1, ttl);
    await cache.set('b', 2, ttl);
    await cache.set('c', 3, ttl);

    await cache.get('a');
    await cache.set('d', 4, ttl);

    expect(cache.size).toBe(3);
    expect(await cache.get('b')).toBeUndefined();
    expect([await cache.get('a'), await cache.get('c'), await cache.get('d')]).toEqual([1, 3, 4]);
  });

  it('measures TTLs on its clock: live until the last millisecond, gone at the expiry', async () => {
    const { cache, advance } = aCache();
    await cache.set('k', 'v', { ttlMs: 1_000 });

    advance(999);
    const before = await cache.get('k');
    advance(1);
    const at = await cache.get('k');

    expect(before).toBe('v');
    expect(at).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('does not count an expired entry as deleted', async () => {
    const { cache, advance } = aCache();
    await cache.set('p:1', 1, { ttlMs: 10 });
    await cache.set('p:2', 2, ttl);
    advance(10);

    expect(await cache.deleteByPrefix('p:')).toBe(1);
    expect(await cache.delete('p:1')).toBe(false);
  });

  it('refuses a size bound below 1', () => {
    expect(() => new InMemoryCache({ maxEntries: 0 })).toThrow(/maxEntries must be a whole number/);
  });
});

describe('encodeCacheValue', () => {
  it('names the path of the part that is not JSON', () => {
    const error = (() => {
      try {
        encodeCacheValue({ rows: [{ total: 1 }, { total: 2n }] }, 'report:1');
      } catch (caught) {
        return caught;
      }
    })();

    expect(error).toBeInstanceOf(CacheValueError);
    expect(error).toMatchObject({
      code: 'CACHE_VALUE_NOT_JSON',
      context: { key: 'report:1', path: '$.rows[1].total' },
    });
    expect((error as Error).message).toMatch(/\$\.rows\[1\]\.total of key "report:1": a bigint/);
  });

  it('stores a value used twice (not a cycle) and objects without a prototype', () => {
    const shared = { id: 1 };
    const bare = Object.assign(Object.create(null) as object, { a: 1 });

    expect(encodeCacheValue({ left: shared, right: shared, bare }, 'k')).toBe(
      '{"left":{"id":1},"right":{"id":1},"bare":{"a":1}}',
    );
  });
});

describe('SingleFlight', () => {
  it('shares a run per key while it is in flight, and forgets it once settled', async () => {
    const flights = new SingleFlight<number>();
    let runs = 0;
    let release: (value: number) => void = () => undefined;
    const gate = new Promise<number>((resolve) => {
      release = resolve;
    });
    const fn = () => {
      runs += 1;
      return gate;
    };

    const first = flights.run('k', fn);
    const second = flights.run('k', fn);
    const other = flights.run('other', async () => 7);
    const inFlight = flights.size;
    release(42);

    expect(await Promise.all([first, second, other])).toEqual([42, 42, 7]);
    expect([runs, inFlight, flights.size]).toEqual([1, 2, 0]);
    expect(await flights.run('k', async () => 43)).toBe(43);
  });

  it('hands a synchronous throw to the callers as a rejection', async () => {
    const flights = new SingleFlight<number>();

    await expect(
      flights.run('k', () => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    expect(flights.size).toBe(0);
  });
});
