import type {
  RateLimitDecision,
  RateLimiter,
  RateLimitRequest,
} from '../../shared/messaging/rate-limiter.js';
import type { TenantTier } from '../../shared/messaging/tenant-tier.js';
import { countedDecision } from '../rate-limits/rate-limit-metrics.js';
import {
  countSlot,
  MINUTE_MS,
  pruneBeforeMinuteWindow,
  type QuotaCounters,
  quotaDecision,
  quotaFor,
  type RateLimiterOptions,
  type RateLimitQuota,
  resolveQuotas,
} from '../rate-limits/tenant-quota-window.js';

export type {
  RateLimiterOptions,
  RateLimitPolicies,
  RateLimitQuota,
} from '../rate-limits/tenant-quota-window.js';

/**
 * A `RateLimiter` for one process (tests, demos, a single worker): the same quotas and the same
 * sliding-window approximation as `PostgresRateLimiter`, with the counters in a `Map`. Per
 * minute, the previous fixed minute's count weighted by the share of the current minute still
 * to run, plus the current minute's count, must stay below the limit; per day, a fixed UTC day.
 * A slot is taken only when both allow; a refusal takes nothing. Unlimited quotas store
 * nothing. Counters untouched for a day are dropped as the clock moves on.
 *
 * @example
 * ```ts
 * const limiter = new InMemoryRateLimiter({ policies: { free: { perMinute: 2, perDay: 5 } } });
 * const decision = await limiter.acquire({ tenantId: 'acme', tier: 'free' });
 * ```
 */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly quotas: Readonly<Record<TenantTier, RateLimitQuota>>;
  private readonly clock: { now(): Date };
  private readonly counters = new Map<string, QuotaCounters>();
  private lastPruneMs = Number.NEGATIVE_INFINITY;

  constructor(options: RateLimiterOptions = {}) {
    this.quotas = resolveQuotas(options.policies);
    this.clock = options.clock ?? { now: () => new Date() };
  }

  async acquire(request: RateLimitRequest): Promise<RateLimitDecision> {
    const quota = quotaFor(this.quotas, request);
    if (quota.perMinute === null && quota.perDay === null) return { allowed: true };
    const nowMs = (request.now ?? this.clock.now()).getTime();
    if (nowMs - this.lastPruneMs >= MINUTE_MS) this.prune(new Date(nowMs));
    const counters = this.counters.get(request.tenantId);
    const decision = quotaDecision(counters, nowMs, quota);
    if (decision.allowed) this.counters.set(request.tenantId, countSlot(counters, nowMs));
    return countedDecision(request.tier, decision);
  }

  /** Drops counters untouched for a day; returns how many tenants were dropped. */
  prune(now: Date = this.clock.now()): number {
    this.lastPruneMs = now.getTime();
    const before = pruneBeforeMinuteWindow(this.lastPruneMs);
    let dropped = 0;
    for (const [tenantId, counters] of this.counters) {
      if (counters.minuteWindow < before) {
        this.counters.delete(tenantId);
        dropped += 1;
      }
    }
    return dropped;
  }

  /** Tenants with stored counters (for tests and diagnostics). */
  trackedTenants(): string[] {
    return [...this.counters.keys()];
  }
}
