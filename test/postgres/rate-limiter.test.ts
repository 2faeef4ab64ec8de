import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BaltraDatabase,
  openPglite,
  openPostgres,
  PostgresRateLimiter,
} from '../../src/infra/postgres/index.js';
import { InMemoryRateLimiter, rateLimiterContract } from '../../src/infra/testing/index.js';
import type { RateLimitDecision } from '../../src/shared/messaging/rate-limiter.js';
import type { TenantTier } from '../../src/shared/messaging/tenant-tier.js';
import { describeWithPostgres, useTestDatabase } from '../support/postgres.js';
import { useSharedPglite, useSharedPostgres } from '../support/shared-databases.js';

const api = { describe, it, beforeAll, afterAll };
const aTenant = () => `tenant-${randomUUID()}`;
const BASE = Date.parse('2026-03-02T08:00:00.000Z');
const DAY = 86_400_000;

let pgliteQueries = 0;
const sharedPglite = useSharedPglite({
  log: (event) => {
    if (event.level === 'query') pgliteQueries += 1;
  },
});

rateLimiterContract(
  'PGlite',
  async (options) => ({ limiter: new PostgresRateLimiter((await sharedPglite()).db, options) }),
  api,
);

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

/** Same random request sequence through both limiters: the SQL rule must match the reference. */
async function decideLikeInMemory(
  db: Kysely<BaltraDatabase>,
): Promise<Record<'allowed' | 'minute' | 'day' | 'lagging', number>> {
  const policies = { free: { perMinute: 7, perDay: 60 }, advance: { perMinute: null, perDay: 12 } };
  // No background pruning: its clock jumps ahead, and other tests share the table.
  const sql = new PostgresRateLimiter(db, { policies, autoPruneIntervalMs: null });
  const memory = new InMemoryRateLimiter({ policies });
  const tenants = [aTenant(), aTenant(), aTenant()];
  const next = random(42);
  let now = BASE + 59 * 60_000; // start near 09:00, let a few runs cross midnight
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
    const actual = await sql.acquire({ tenantId, tier, now: at });
    expect(actual, `request ${i} at ${at.toISOString()}`).toEqual(expected);
    seen[expected.allowed ? 'allowed' : expected.window] += 1;
    if (lagging) seen.lagging += 1;
  }
  return seen;
}

describe('PostgresRateLimiter on PGlite', () => {
  it('costs no query for an unlimited tier', async () => {
    const { db } = await sharedPglite();
    const limiter = new PostgresRateLimiter(db, { autoPruneIntervalMs: null });
    const before = pgliteQueries;

    for (let i = 0; i < 100; i += 1) {
      expect(await limiter.acquire({ tenantId: aTenant(), tier: 'enterprise' })).toEqual({
        allowed: true,
      });
    }

    expect(pgliteQueries).toBe(before);
    await limiter.acquire({ tenantId: aTenant(), tier: 'free' });
    expect(pgliteQueries).toBe(before + 1); // a grant is one statement
  });

  it('decides every request exactly as the in-memory reference', async () => {
    const seen = await decideLikeInMemory((await sharedPglite()).db);
    expect(seen).toMatchObject({ allowed: expect.any(Number), minute: expect.any(Number) });
    expect(Math.min(...Object.values(seen))).toBeGreaterThan(10); // every path exercised
  });

  it('prunes counters idle for a day, by hand and in the background', async () => {
    const { db } = await sharedPglite();
    const old = aTenant();
    const recent = aTenant();
    const limiter = new PostgresRateLimiter(db, { autoPruneIntervalMs: null });
    const far = BASE + 400 * DAY; // later than any other test's counters
    await limiter.acquire({ tenantId: old, tier: 'free', now: new Date(far) });
    await limiter.acquire({ tenantId: recent, tier: 'free', now: new Date(far + 23 * 3_600_000) });
    const stored = async () =>
      (
        await db
          .selectFrom('rate_limit_counters')
          .select('tenant_id')
          .where('tenant_id', 'in', [old, recent])
          .execute()
      )
        .map((r) => r.tenant_id)
        .sort();

    await limiter.prune(new Date(far + 24 * 3_600_000 - 60_000)); // `old` is 23 h 59 min old
    expect(await stored()).toEqual([old, recent].sort());
    expect(await limiter.prune(new Date(far + 24 * 3_600_000 + 60_000))).toBeGreaterThanOrEqual(1);
    expect(await stored()).toEqual([recent]);

    const background = new PostgresRateLimiter(db, { autoPruneIntervalMs: 60_000 });
    await background.acquire({ tenantId: aTenant(), tier: 'free', now: new Date(far + 3 * DAY) });
    await expect.poll(stored).toEqual([]);
  });

  it('translates database failures', async () => {
    const client = await PGlite.create();
    const db = openPglite({ client }); // not migrated: no table
    const error = await new PostgresRateLimiter(db, { autoPruneIntervalMs: null })
      .acquire({ tenantId: aTenant(), tier: 'free' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'DATABASE_QUERY_FAILED',
      context: { operation: 'acquire rate limit slot' },
    });
    await db.destroy();
    await client.close();
  });
});

describeWithPostgres('PostgresRateLimiter on PostgreSQL', () => {
  const database = useTestDatabase();
  const shared = useSharedPostgres(database);

  rateLimiterContract(
    'PostgreSQL',
    async (options) => ({ limiter: new PostgresRateLimiter(await shared(), options) }),
    api,
  );

  it('decides every request exactly as the in-memory reference', async () => {
    expect(Math.min(...Object.values(await decideLikeInMemory(await shared())))).toBeGreaterThan(
      10,
    );
  });

  describe('concurrency across pools', () => {
    const pools: Kysely<BaltraDatabase>[] = [];
    beforeAll(async () => {
      await shared();
      for (let i = 0; i < 4; i += 1) {
        pools.push(openPostgres({ connectionString: database.url, poolSize: 10 }));
      }
    });
    afterAll(async () => {
      await Promise.all(pools.map((pool) => pool.destroy()));
    });

    /** `total` acquires for one tenant, spread over every pool (own limiter each), all at once. */
    async function hammer(
      total: number,
      tier: TenantTier,
      options: ConstructorParameters<typeof PostgresRateLimiter>[1] = {},
      at: (i: number) => Date = () => new Date(BASE),
    ) {
      const tenantId = aTenant();
      const limiters = pools.map((pool) => new PostgresRateLimiter(pool, options));
      const started = performance.now();
      const decisions = await Promise.all(
        Array.from({ length: total }, (_, i) =>
          (limiters[i % limiters.length] as PostgresRateLimiter).acquire({
            tenantId,
            tier,
            now: at(i),
          }),
        ),
      );
      const ms = performance.now() - started;
      const row = await (await shared())
        .selectFrom('rate_limit_counters')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      return { decisions, granted: decisions.filter((d) => d.allowed).length, row, ms };
    }

    it('grants exactly 10 of 200 concurrent acquires for a free tenant from 4 pools', async () => {
      for (let round = 0; round < 5; round += 1) {
        const { decisions, granted, row, ms } = await hammer(200, 'free');

        expect(granted).toBe(10);
        expect(row).toMatchObject({ minute_count: 10, day_count: 10 });
        for (const decision of decisions) {
          if (!decision.allowed) {
            expect(decision).toMatchObject({ window: 'minute', limit: 10 });
            expect(decision.retryAfterMs).toBeGreaterThan(0);
          }
        }
        console.info(
          `rate limiter: 200 concurrent acquires, 4 pools: 10 granted in ${ms.toFixed(0)} ms`,
        );
      }
    });

    it('grants exactly the day quota under concurrency, with no per-minute limit', async () => {
      const { granted, row, decisions } = await hammer(300, 'advance', {
        policies: { advance: { perMinute: null, perDay: 37 } },
      });

      expect(granted).toBe(37);
      expect(row).toMatchObject({ day_count: 37 });
      expect(decisions.filter((d) => !d.allowed && d.window === 'day')).toHaveLength(263);
    });

    it('never overshoots the sliding estimate when concurrent requests straddle a minute boundary', async () => {
      // Half stamped in the last 100 ms of a minute, half in the first 100 ms of the next.
      const edge = BASE + 60_000;
      const newMinute = Math.floor(edge / 60_000);
      for (let round = 0; round < 5; round += 1) {
        const { granted, row } = await hammer(
          400,
          'professional',
          {},
          (i) => new Date(i % 2 === 0 ? edge - 1 - (i % 100) : edge + (i % 100)),
        );
        if (!row) throw new Error('no counters stored');

        if (row.minute_window === newMinute) {
          // Every grant is counted once; the old minute never went past its quota, and the
          // last grant of the new one saw an estimate below 200 (remaining share >= 59 901 ms).
          expect(granted).toBe(row.previous_minute_count + row.minute_count);
          expect(row.previous_minute_count).toBeLessThanOrEqual(200);
          expect(row.previous_minute_count * 59_901 + (row.minute_count - 1) * 60_000).toBeLessThan(
            200 * 60_000,
          );
        } else {
          expect(granted).toBe(row.minute_count); // nothing granted in the new minute
          expect(granted).toBeLessThanOrEqual(200);
        }
        expect(row.day_count).toBe(granted);
      }
    });
  });
});
