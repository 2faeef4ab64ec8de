import { randomUUID } from 'node:crypto';
import {
  createRedisClient,
  RedisError,
  RedisRateLimiter,
  type RedisRateLimiterOptions,
} from '@baltra/sdk/redis';
import { InMemoryRateLimiter, rateLimiterContract } from '@baltra/sdk/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateLimitDecision } from '../../src/shared/messaging/rate-limiter.js';
import type { TenantTier } from '../../src/shared/messaging/tenant-tier.js';
import {
  asIoRedis,
  describeWithRedis,
  testRedisClient,
  uniqueKeyPrefix,
} from '../support/redis.js';
import { startRedisServer } from '../support/redis-server.js';

const api = { describe, it, beforeAll, afterAll };
const aTenant = () => `tenant-${randomUUID()}`;
const BASE = Date.parse('2026-03-02T08:00:00.000Z');
const MINUTE = 60_000;
const DAY = 86_400_000;

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describeWithRedis('RedisRateLimiter', () => {
  const keyPrefix = uniqueKeyPrefix('rate-limits');
  const clients: Redis[] = [];
  let redis: Redis;
  beforeAll(async () => {
    for (let i = 0; i < 4; i += 1) clients.push(await testRedisClient());
    redis = clients[0] as Redis;
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit()));
  });
  const limiter = (options: RedisRateLimiterOptions = {}, client = redis) =>
    new RedisRateLimiter(client, { keyPrefix, ...options });

  rateLimiterContract('Redis', async (options) => ({ limiter: limiter(options) }), api);

  it('decides every request exactly as the in-memory reference', async () => {
    const policies = {
      free: { perMinute: 7, perDay: 60 },
      advance: { perMinute: null, perDay: 12 },
    };
    const redisLimiter = limiter({ policies });
    const memory = new InMemoryRateLimiter({ policies });
    const tenants = [aTenant(), aTenant(), aTenant()];
    const next = random(42);
    let now = BASE + 59 * MINUTE; // near 09:00; a few jumps cross midnight
    const seen = { allowed: 0, minute: 0, day: 0, lagging: 0 };
    for (let i = 0; i < 600; i += 1) {
      const roll = next();
      // Mostly small steps, sometimes a jump, sometimes a lagging clock (up to 30 s behind).
      now += roll < 0.02 ? Math.floor(next() * 12 * 3_600_000) : Math.floor(next() * 2_000);
      const lagging = roll > 0.95;
      const at = new Date(lagging ? now - Math.floor(next() * 30_000) : now);
      const tenantId = tenants[Math.floor(next() * tenants.length)] ?? '';
      const tier: TenantTier = next() < 0.7 ? 'free' : 'advance';
      const expected: RateLimitDecision = await memory.acquire({ tenantId, tier, now: at });
      const actual = await redisLimiter.acquire({ tenantId, tier, now: at });
      expect(actual, `request ${i} at ${at.toISOString()}`).toEqual(expected);
      seen[expected.allowed ? 'allowed' : expected.window] += 1;
      if (lagging) seen.lagging += 1;
    }
    expect(Math.min(...Object.values(seen))).toBeGreaterThan(10); // every path exercised
  });

  /** `total` acquires for one tenant, spread over every client (a limiter each), all at once. */
  async function hammer(total: number, tier: TenantTier, options: RedisRateLimiterOptions = {}) {
    const tenantId = aTenant();
    const limiters = clients.map((client) => limiter(options, client));
    const decisions = await Promise.all(
      Array.from({ length: total }, (_, i) =>
        (limiters[i % limiters.length] as RedisRateLimiter).acquire({
          tenantId,
          tier,
          now: new Date(BASE),
        }),
      ),
    );
    const counters = await redis.hgetall(`${keyPrefix}rate-limit:${tenantId}`);
    return { decisions, granted: decisions.filter((d) => d.allowed).length, counters };
  }

  it('grants exactly 10 of 200 concurrent acquires for a free tenant from 4 clients', async () => {
    for (let round = 0; round < 5; round += 1) {
      const { decisions, granted, counters } = await hammer(200, 'free');

      expect(granted).toBe(10);
      expect(counters).toMatchObject({ mc: '10', dc: '10' });
      for (const decision of decisions.filter((d) => !d.allowed)) {
        expect(decision).toMatchObject({ window: 'minute', limit: 10 });
      }
    }
  });

  it('grants exactly the day quota under concurrency, with no per-minute limit', async () => {
    const { granted, counters, decisions } = await hammer(300, 'advance', {
      policies: { advance: { perMinute: null, perDay: 37 } },
    });

    expect(granted).toBe(37);
    expect(counters).toMatchObject({ dc: '37' });
    expect(decisions.filter((d) => !d.allowed && d.window === 'day')).toHaveLength(263);
  });

  it("counts in the server's TIME when neither the request nor a clock gives the time", async () => {
    const tenantId = aTenant();
    const serverLimiter = limiter();

    let granted = 0;
    for (let i = 0; i < 12; i += 1) {
      if ((await serverLimiter.acquire({ tenantId, tier: 'free' })).allowed) granted += 1;
    }
    const [seconds] = await redis.time();
    const counters = await redis.hgetall(`${keyPrefix}rate-limit:${tenantId}`);

    // 12 in a row within at most two minutes: the first minute's 10 still weigh on the next.
    expect(granted).toBeLessThanOrEqual(11);
    const minute = Math.floor((Number(seconds) * 1000) / MINUTE);
    expect([minute - 1, minute]).toContain(Number(counters.mw));
    expect(Number(counters.dw)).toBe(Math.floor((Number(seconds) * 1000) / DAY));
  });

  it('lets counters expire once they no longer count, and writes nothing for a refusal', async () => {
    const tenantId = aTenant();
    const key = `${keyPrefix}rate-limit:${tenantId}`;
    const at = new Date(Date.parse('2026-03-02T23:59:00.000Z'));
    const dayLimited = limiter({ policies: { free: { perMinute: 1, perDay: 5 } } });

    expect(await dayLimited.acquire({ tenantId, tier: 'free', now: at })).toEqual({
      allowed: true,
    });
    const ttl = await redis.pttl(key);
    const before = await redis.hgetall(key);
    expect(await dayLimited.acquire({ tenantId, tier: 'free', now: at })).toMatchObject({
      allowed: false,
      window: 'minute',
    });

    expect(await redis.hgetall(key)).toEqual(before);
    // Kept two minutes past its minute (longer than the rest of its day here), no more.
    expect(ttl).toBeGreaterThan(60_000);
    expect(ttl).toBeLessThanOrEqual(2 * MINUTE);
    expect(await redis.pttl(`${keyPrefix}rate-limit:${aTenant()}`)).toBe(-2);
  });

  it('fails with a retryable RedisError while the server is down', async () => {
    const server = await startRedisServer();
    const client = asIoRedis(
      await createRedisClient({
        url: server.url,
        maxRetries: 1,
        commandTimeoutMs: 1_000,
      }),
    );
    try {
      const down = new RedisRateLimiter(client);
      expect((await down.acquire({ tenantId: aTenant(), tier: 'free' })).allowed).toBe(true);
      await server.kill();

      const error = await down.acquire({ tenantId: aTenant(), tier: 'free' }).catch((e) => e);

      expect(error).toBeInstanceOf(RedisError);
      expect(error).toMatchObject({ code: 'REDIS_UNAVAILABLE', retryable: true });
    } finally {
      client.disconnect();
      await server.stop();
    }
  });
});
