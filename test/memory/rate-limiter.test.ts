import { InMemoryRateLimiter, rateLimiterContract } from '@baltra/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

rateLimiterContract(
  'in-memory',
  async (options) => ({ limiter: new InMemoryRateLimiter(options) }),
  { describe, it, beforeAll, afterAll },
);

describe('InMemoryRateLimiter', () => {
  it('stores nothing for unlimited tiers', async () => {
    const limiter = new InMemoryRateLimiter();
    await limiter.acquire({ tenantId: 'big', tier: 'enterprise' });
    expect(limiter.trackedTenants()).toEqual([]);
  });

  it('drops counters untouched for a day as the clock moves on', async () => {
    let now = Date.parse('2026-03-02T08:00:00Z');
    const limiter = new InMemoryRateLimiter({ clock: { now: () => new Date(now) } });
    await limiter.acquire({ tenantId: 'old', tier: 'free' });
    now += 23 * 3_600_000;
    await limiter.acquire({ tenantId: 'recent', tier: 'free' });
    expect(limiter.trackedTenants().sort()).toEqual(['old', 'recent']);

    now += 2 * 3_600_000;
    await limiter.acquire({ tenantId: 'new', tier: 'free' });

    expect(limiter.trackedTenants().sort()).toEqual(['new', 'recent']);
    expect(limiter.prune(new Date(now + 2 * 86_400_000))).toBe(2);
  });

  it('reports both quotas used up as the day window, retrying once both have room', async () => {
    const limiter = new InMemoryRateLimiter({ policies: { free: { perMinute: 2, perDay: 2 } } });
    const now = new Date('2026-03-02T23:59:30Z');
    await limiter.acquire({ tenantId: 't', tier: 'free', now });
    await limiter.acquire({ tenantId: 't', tier: 'free', now });

    const refusal = await limiter.acquire({ tenantId: 't', tier: 'free', now });

    // Midnight is 30 s away; the minute quota frees 1 ms after it.
    expect(refusal).toEqual({ allowed: false, window: 'day', limit: 2, retryAfterMs: 30_001 });
    const at = (ms: number) => new Date(now.getTime() + ms);
    expect((await limiter.acquire({ tenantId: 't', tier: 'free', now: at(30_000) })).allowed).toBe(
      false,
    );
    expect((await limiter.acquire({ tenantId: 't', tier: 'free', now: at(30_001) })).allowed).toBe(
      true,
    );
  });

  it('counts a request stamped before the current window in that window, weighing the previous fully', async () => {
    const limiter = new InMemoryRateLimiter({ policies: { free: { perMinute: 4, perDay: null } } });
    const t = Date.parse('2026-03-02T08:00:50Z');
    for (let i = 0; i < 3; i += 1) {
      await limiter.acquire({ tenantId: 't', tier: 'free', now: new Date(t) });
    }
    // Next minute: a request from a worker whose clock is 20 s behind.
    expect(
      (await limiter.acquire({ tenantId: 't', tier: 'free', now: new Date(t + 20_000) })).allowed,
    ).toBe(true);
    const lagging = await limiter.acquire({ tenantId: 't', tier: 'free', now: new Date(t) });
    expect(lagging).toMatchObject({ allowed: false, window: 'minute' });
  });
});
