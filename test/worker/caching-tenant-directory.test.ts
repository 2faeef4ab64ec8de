import type { TenantRecord } from '@baltra/sdk';
import { InMemoryTenantDirectory } from '@baltra/sdk/testing';
import { CachingTenantDirectory } from '@baltra/sdk/worker';
import { describe, expect, it } from 'vitest';

const ACME: TenantRecord = {
  tenantId: 'acme',
  tier: 'free',
  status: 'active',
  limits: { perDay: 5 },
};

/** An in-memory directory that counts its reads, on a clock the test moves. */
function setup(options: { ttlMs?: number; negativeTtlMs?: number; maxEntries?: number } = {}) {
  const inner = new InMemoryTenantDirectory([ACME]);
  const reads: string[] = [];
  let now = 1_000;
  const counting = {
    lookup(tenantId: string) {
      reads.push(tenantId);
      return inner.lookup(tenantId);
    },
  };
  const cache = new CachingTenantDirectory(counting, { ...options, now: () => now });
  return {
    inner,
    reads,
    cache,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('CachingTenantDirectory', () => {
  it('answers from the cache while fresh, synchronously through peek, and reads again after ttlMs', async () => {
    const { cache, reads, inner, advance } = setup({ ttlMs: 5_000 });

    expect(cache.peek('acme')).toBeUndefined();
    expect(await cache.lookup('acme')).toEqual(ACME);
    await inner.put({ ...ACME, tier: 'advance' });
    advance(4_999);
    expect(cache.peek('acme')).toEqual(ACME);
    expect(await cache.lookup('acme')).toEqual(ACME);
    advance(1);
    expect(cache.peek('acme')).toBeUndefined();
    expect((await cache.lookup('acme'))?.tier).toBe('advance');

    expect(reads).toEqual(['acme', 'acme']);
  });

  it('remembers an unknown tenant for negativeTtlMs only, as null through peek', async () => {
    const { cache, reads, inner, advance } = setup({ ttlMs: 5_000, negativeTtlMs: 1_000 });

    expect(await cache.lookup('newco')).toBeUndefined();
    expect(cache.peek('newco')).toBeNull();
    await inner.put({ tenantId: 'newco', tier: 'professional', status: 'active' });
    advance(1_000);

    expect((await cache.lookup('newco'))?.tier).toBe('professional');
    expect(reads).toEqual(['newco', 'newco']);
  });

  it('reads once for concurrent misses of one tenant', async () => {
    const { cache, reads } = setup();

    const answers = await Promise.all(Array.from({ length: 10 }, () => cache.lookup('acme')));

    expect(answers.every((answer) => answer?.tier === 'free')).toBe(true);
    expect(reads).toEqual(['acme']);
  });

  it('does not remember a failed read', async () => {
    let fail = true;
    const cache = new CachingTenantDirectory({
      async lookup() {
        if (fail) throw new Error('down');
        return ACME;
      },
    });

    await expect(cache.lookup('acme')).rejects.toThrow('down');
    fail = false;

    expect(await cache.lookup('acme')).toEqual(ACME);
  });

  it('keeps at most maxEntries tenants, dropping the oldest first', async () => {
    const { cache, reads } = setup({ maxEntries: 2 });

    await cache.lookup('acme');
    await cache.lookup('b');
    await cache.lookup('c');

    expect(cache.peek('acme')).toBeUndefined();
    expect(cache.peek('b')).toBeNull();
    expect(cache.peek('c')).toBeNull();
    expect(reads).toEqual(['acme', 'b', 'c']);
  });

  it('forgets on invalidate, one tenant or all', async () => {
    const { cache } = setup();
    await cache.lookup('acme');
    await cache.lookup('b');

    cache.invalidate('acme');
    expect(cache.peek('acme')).toBeUndefined();
    expect(cache.peek('b')).toBeNull();
    cache.invalidate();
    expect(cache.peek('b')).toBeUndefined();
  });

  it('hands out frozen records, which callers cannot change for each other', async () => {
    const { cache } = setup();

    const record = await cache.lookup('acme');

    expect(Object.isFrozen(record)).toBe(true);
    expect(Object.isFrozen(record?.limits)).toBe(true);
  });

  it('refuses a negative or non-finite ttl', () => {
    const inner = new InMemoryTenantDirectory();
    expect(() => new CachingTenantDirectory(inner, { ttlMs: -1 })).toThrow(RangeError);
    expect(() => new CachingTenantDirectory(inner, { negativeTtlMs: Number.NaN })).toThrow(
      /negativeTtlMs/,
    );
  });
});
