import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { RateLimitDecision, RateLimiter } from '../../../shared/messaging/rate-limiter.js';
import type { TenantTier } from '../../../shared/messaging/tenant-tier.js';
import type { RateLimitPolicies } from '../../rate-limits/tenant-quota-window.js';
import type { ContractTestApi } from './contract-test-api.js';

/** What the rate limiter contract needs from an adapter under test. */
export interface RateLimiterHarness {
  readonly limiter: RateLimiter;
  /** Releases what the harness opened; called after each test. */
  close?(): Promise<void>;
}

/** What the contract asks the adapter factory for: a limiter on this clock and these policies. */
export interface RateLimiterContractOptions {
  /** A clock the suite moves by hand; give it to the limiter as its `clock`. */
  readonly clock: { now(): Date };
  /** Per-tier quota overrides, when the test sets any. */
  readonly policies?: RateLimitPolicies;
}

const MINUTE = 60_000;
// A minute boundary, well inside a UTC day (08:00Z); next UTC midnight is 16 h away.
const BASE = Date.parse('2026-03-02T08:00:00.000Z');
const NEXT_MIDNIGHT = Date.parse('2026-03-03T00:00:00.000Z');

/** The suite's clock: it stands still until a test sets it. */
class ManualClock {
  constructor(public ms: number) {}
  now(): Date {
    return new Date(this.ms);
  }
  set(ms: number): void {
    this.ms = ms;
  }
}

/**
 * The behaviour every `RateLimiter` of the SDK shares: per-tenant quotas from the tier table
 * (free 10/min 100/day, advance 50/1,000, professional 200/10,000, enterprise unlimited) or
 * from custom policies; a slot only when both quotas allow; refusals name the quota (`minute`
 * or `day`), its limit and a `retryAfterMs` at which a slot is free again (exact for the
 * sliding-window approximation: previous minute weighted by the share of the current minute
 * still to run, plus the current minute; fixed UTC day); refusals take nothing; concurrent
 * acquires never overshoot. `setup` is called once per test with a hand-driven clock; tenant
 * ids are random, so a shared database is fine.
 *
 * @example
 * ```ts
 * import { afterAll, beforeAll, describe, it } from 'vitest';
 * import { InMemoryRateLimiter, rateLimiterContract } from '@baltra/sdk/testing';
 *
 * rateLimiterContract('in-memory', async (options) => ({ limiter: new InMemoryRateLimiter(options) }),
 *   { describe, it, beforeAll, afterAll });
 * ```
 */
export function rateLimiterContract(
  adapterName: string,
  setup: (options: RateLimiterContractOptions) => Promise<RateLimiterHarness>,
  { describe, it }: ContractTestApi,
): void {
  const aTenant = () => `contract-tenant-${randomUUID()}`;

  /** Runs `body` with a fresh limiter on a clock starting at `start`. */
  async function withLimiter(
    body: (limiter: RateLimiter, clock: ManualClock) => Promise<void>,
    policies?: RateLimitPolicies,
    start = BASE,
  ): Promise<void> {
    const clock = new ManualClock(start);
    const harness = await setup(policies ? { clock, policies } : { clock });
    try {
      await body(harness.limiter, clock);
    } finally {
      await harness.close?.();
    }
  }

  /** Acquires `count` times in sequence; returns how many were allowed. */
  async function take(
    limiter: RateLimiter,
    tenantId: string,
    tier: TenantTier,
    count: number,
  ): Promise<number> {
    let allowed = 0;
    for (let i = 0; i < count; i += 1) {
      if ((await limiter.acquire({ tenantId, tier })).allowed) allowed += 1;
    }
    return allowed;
  }

  function refused(decision: RateLimitDecision) {
    assert.equal(decision.allowed, false, 'expected a refusal');
    if (decision.allowed) throw new Error('unreachable');
    assert.ok(
      Number.isInteger(decision.retryAfterMs) && decision.retryAfterMs > 0,
      `retryAfterMs must be a positive integer, got ${decision.retryAfterMs}`,
    );
    return decision;
  }

  describe(`${adapterName}: RateLimiter contract`, () => {
    it('grants a free tenant 10 slots a minute, then refuses with the minute window until the slot it names frees', async () => {
      await withLimiter(async (limiter, clock) => {
        const tenantId = aTenant();
        clock.set(BASE + 5_000);

        assert.equal(await take(limiter, tenantId, 'free', 10), 10);
        const refusal = refused(await limiter.acquire({ tenantId, tier: 'free' }));

        assert.equal(refusal.window, 'minute');
        assert.equal(refusal.limit, 10);
        // All 10 were taken in this minute: nothing frees before it ends, and by the end of
        // the next one the whole window has slid past them.
        assert.ok(refusal.retryAfterMs >= 55_000 && refusal.retryAfterMs <= 115_000);
        clock.set(BASE + 5_000 + refusal.retryAfterMs - 1);
        assert.equal((await limiter.acquire({ tenantId, tier: 'free' })).allowed, false);
        clock.set(BASE + 5_000 + refusal.retryAfterMs);
        assert.equal((await limiter.acquire({ tenantId, tier: 'free' })).allowed, true);
      });
    });

    it('keeps tenants independent', async () => {
      await withLimiter(async (limiter) => {
        const [first, second] = [aTenant(), aTenant()];

        assert.equal(await take(limiter, first, 'free', 12), 10);
        assert.equal(await take(limiter, second, 'free', 12), 10);
        assert.equal((await limiter.acquire({ tenantId: first, tier: 'free' })).allowed, false);
      });
    });

    it('applies each tier its own per-minute quota', async () => {
      await withLimiter(async (limiter) => {
        for (const [tier, limit] of [
          ['advance', 50],
          ['professional', 200],
        ] as const) {
          const tenantId = aTenant();
          assert.equal(await take(limiter, tenantId, tier, limit), limit, tier);
          const refusal = refused(await limiter.acquire({ tenantId, tier }));
          assert.equal(refusal.window, 'minute');
          assert.equal(refusal.limit, limit);
        }
      });
    });

    it('always allows enterprise tenants', async () => {
      await withLimiter(async (limiter) => {
        assert.equal(await take(limiter, aTenant(), 'enterprise', 1_000), 1_000);
      });
    });

    it('refuses a free tenant after 100 a day, across minutes, with the day window until UTC midnight', async () => {
      await withLimiter(async (limiter, clock) => {
        const tenantId = aTenant();
        for (let round = 0; round < 10; round += 1) {
          clock.set(BASE + round * 2 * MINUTE); // a fresh sliding window every other minute
          assert.equal(await take(limiter, tenantId, 'free', 10), 10, `round ${round}`);
        }
        clock.set(BASE + 30 * MINUTE);

        const refusal = refused(await limiter.acquire({ tenantId, tier: 'free' }));

        assert.equal(refusal.window, 'day');
        assert.equal(refusal.limit, 100);
        assert.equal(refusal.retryAfterMs, NEXT_MIDNIGHT - clock.ms);
        clock.set(NEXT_MIDNIGHT - 1);
        assert.equal((await limiter.acquire({ tenantId, tier: 'free' })).allowed, false);
        clock.set(NEXT_MIDNIGHT);
        assert.equal(await take(limiter, tenantId, 'free', 10), 10);
      });
    });

    it('takes no slot from either quota for a refused request', async () => {
      await withLimiter(
        async (limiter, clock) => {
          const tenantId = aTenant();
          assert.equal(await take(limiter, tenantId, 'free', 5), 5);
          const first = refused(await limiter.acquire({ tenantId, tier: 'free' }));
          assert.equal(await take(limiter, tenantId, 'free', 20), 0);
          const last = refused(await limiter.acquire({ tenantId, tier: 'free' }));

          // Refusals moved neither the minute estimate nor the day count.
          assert.equal(last.retryAfterMs, first.retryAfterMs);
          clock.set(BASE + 2 * MINUTE);
          assert.equal(await take(limiter, tenantId, 'free', 2), 2); // day: 7 of 7
          const day = refused(await limiter.acquire({ tenantId, tier: 'free' }));
          assert.equal(day.window, 'day');
          assert.equal(day.limit, 7);
        },
        { free: { perMinute: 5, perDay: 7 } },
      );
    });

    it('slides the minute window: the previous minute counts by the share of this one still to run', async () => {
      await withLimiter(async (limiter, clock) => {
        const tenantId = aTenant();
        clock.set(BASE + 30_000);
        assert.equal(await take(limiter, tenantId, 'free', 10), 10);

        // A fixed window would reopen all 10 at the boundary; the sliding estimate is still 10.
        clock.set(BASE + MINUTE);
        const atBoundary = refused(await limiter.acquire({ tenantId, tier: 'free' }));
        assert.equal(atBoundary.window, 'minute');

        // Half-way through the next minute the previous 10 weigh 5: five more fit.
        clock.set(BASE + MINUTE + 30_000);
        assert.equal(await take(limiter, tenantId, 'free', 8), 5);
        const halfWay = refused(await limiter.acquire({ tenantId, tier: 'free' }));
        assert.equal(halfWay.window, 'minute');
        clock.set(BASE + MINUTE + 30_000 + halfWay.retryAfterMs);
        assert.equal((await limiter.acquire({ tenantId, tier: 'free' })).allowed, true);

        // Two minutes later both windows have slid past: a full quota again.
        clock.set(BASE + 3 * MINUTE);
        assert.equal(await take(limiter, tenantId, 'free', 12), 10);
      });
    });

    it('uses the request time over its clock when one is given', async () => {
      await withLimiter(async (limiter) => {
        const tenantId = aTenant();
        const at = new Date(BASE + 10 * MINUTE);
        for (let i = 0; i < 10; i += 1) {
          assert.equal((await limiter.acquire({ tenantId, tier: 'free', now: at })).allowed, true);
        }
        const refusal = refused(await limiter.acquire({ tenantId, tier: 'free', now: at }));
        assert.equal(refusal.window, 'minute');
        const later = new Date(at.getTime() + refusal.retryAfterMs);
        assert.equal((await limiter.acquire({ tenantId, tier: 'free', now: later })).allowed, true);
      });
    });

    it('applies custom policies, unlimited quotas included, and keeps the table for other tiers', async () => {
      await withLimiter(
        async (limiter) => {
          const free = aTenant();
          const enterprise = aTenant();
          const advance = aTenant();
          const professional = aTenant();

          assert.equal(await take(limiter, free, 'free', 5), 2);
          assert.equal(await take(limiter, enterprise, 'enterprise', 5), 1);
          const minute = refused(
            await limiter.acquire({ tenantId: enterprise, tier: 'enterprise' }),
          );
          assert.equal(minute.window, 'minute');
          assert.equal(minute.limit, 1);
          assert.equal(await take(limiter, advance, 'advance', 5), 3); // no per-minute limit
          const day = refused(await limiter.acquire({ tenantId: advance, tier: 'advance' }));
          assert.equal(day.window, 'day');
          assert.equal(day.limit, 3);
          assert.equal(day.retryAfterMs, NEXT_MIDNIGHT - BASE);
          assert.equal(await take(limiter, professional, 'professional', 201), 200);
        },
        {
          free: { perMinute: 2, perDay: 3 },
          enterprise: { perMinute: 1, perDay: null },
          advance: { perMinute: null, perDay: 3 },
        },
      );
    });

    it("applies a request's own limits over its tier's, each one it leaves out kept from the tier", async () => {
      await withLimiter(async (limiter) => {
        const [free, enterprise, unlimited] = [aTenant(), aTenant(), aTenant()];
        const acquire = (tenantId: string, tier: TenantTier, limits: object) =>
          limiter.acquire({ tenantId, tier, limits });

        let allowed = 0;
        for (let i = 0; i < 5; i += 1) {
          if ((await acquire(free, 'free', { perMinute: 3 })).allowed) allowed += 1;
        }
        const minute = refused(await acquire(free, 'free', { perMinute: 3 }));
        for (let i = 0; i < 3; i += 1) await acquire(enterprise, 'enterprise', { perDay: 2 });
        const day = refused(await acquire(enterprise, 'enterprise', { perDay: 2 }));
        let unlimitedAllowed = 0;
        for (let i = 0; i < 12; i += 1) {
          const limits = { perMinute: null, perDay: null };
          if ((await acquire(unlimited, 'free', limits)).allowed) unlimitedAllowed += 1;
        }

        assert.equal(allowed, 3);
        assert.equal(minute.limit, 3);
        assert.deepEqual([day.window, day.limit], ['day', 2]);
        assert.equal(unlimitedAllowed, 12); // free's 10 a minute lifted
        await assert.rejects(acquire(aTenant(), 'free', { perDay: 0 }), RangeError);
      });
    });

    it('rejects a quota that is not a positive integer or null', async () => {
      for (const perMinute of [0, -1, 1.5, Number.NaN]) {
        await assert.rejects(
          setup({ clock: new ManualClock(BASE), policies: { free: { perMinute, perDay: 10 } } }),
          RangeError,
        );
      }
    });

    it('never grants more than the quota to concurrent acquires', async () => {
      await withLimiter(async (limiter) => {
        const tenantId = aTenant();

        const decisions = await Promise.all(
          Array.from({ length: 40 }, () => limiter.acquire({ tenantId, tier: 'free' })),
        );

        assert.equal(decisions.filter((d) => d.allowed).length, 10);
        for (const decision of decisions.filter((d) => !d.allowed)) {
          assert.equal(refused(decision).window, 'minute');
        }
      });
    });
  });
}
