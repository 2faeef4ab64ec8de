import type {
  RateLimitDecision,
  RateLimiter,
  RateLimitRequest,
} from '../../../shared/messaging/rate-limiter.js';
import type { TenantTier } from '../../../shared/messaging/tenant-tier.js';
import { countedDecision } from '../../rate-limits/rate-limit-metrics.js';
import {
  type QuotaCounters,
  quotaDecision,
  quotaFor,
  type RateLimiterOptions,
  type RateLimitQuota,
  resolveQuotas,
} from '../../rate-limits/tenant-quota-window.js';
import type { RedisClient } from '../redis-client.js';
import { RedisScript } from '../redis-script.js';

const acquireSlot = new RedisScript('rate-limits/acquire-rate-limit.lua');

/** Options of {@link RedisRateLimiter}. */
export interface RedisRateLimiterOptions extends RateLimiterOptions {
  /** Prepended to every key; default `baltra:` (one hash per tenant: `<prefix>rate-limit:<tenant>`). */
  readonly keyPrefix?: string;
}

/** The script's answer: `[1, now]` granted, `[0, now, mw, mc, pc, dw, dc]` refused. */
type SlotReply = [granted: 0 | 1, nowMs: number, ...counters: number[]];

/**
 * A `RateLimiter` shared by every worker through one Redis server: per tenant, the minute and
 * day quotas of its tier (`TIER_POLICIES`, or `policies`), checked and taken by one Lua script
 * on one hash per tenant, so concurrent acquires from any number of clients never grant more
 * than the quota and a refusal writes nothing. The rule is the PostgreSQL adapter's (ADR
 * 0014): per minute a sliding-window approximation — the previous fixed minute's count
 * weighted by the share of the current minute still to run, plus the current minute's count,
 * must stay below the limit; per day a fixed UTC day. A refusal names the quota and when a slot
 * frees, computed from the counters the script refused with, so it costs no second call.
 * Unlimited tiers (enterprise) cost no call.
 *
 * Time: `request.now`, else the `clock` option, else the Redis server's `TIME` — the default,
 * one clock for every worker. Counters expire by themselves once they no longer count (end of
 * their UTC day), so nothing needs pruning.
 *
 * @example
 * ```ts
 * const limiter = new RedisRateLimiter(await createRedisClient({ url }));
 * const decision = await limiter.acquire({ tenantId: 'acme', tier: 'free' });
 * if (!decision.allowed) console.log(`retry in ${decision.retryAfterMs} ms (${decision.window})`);
 * ```
 */
export class RedisRateLimiter implements RateLimiter {
  readonly #redis: RedisClient;
  readonly #quotas: Readonly<Record<TenantTier, RateLimitQuota>>;
  readonly #clock: { now(): Date } | undefined;
  readonly #keyPrefix: string;

  constructor(redis: RedisClient, options: RedisRateLimiterOptions = {}) {
    this.#redis = redis;
    this.#quotas = resolveQuotas(options.policies);
    this.#clock = options.clock;
    this.#keyPrefix = options.keyPrefix ?? 'baltra:';
  }

  async acquire(request: RateLimitRequest): Promise<RateLimitDecision> {
    const quota = quotaFor(this.#quotas, request);
    if (quota.perMinute === null && quota.perDay === null) return { allowed: true };
    const now = request.now ?? this.#clock?.now();
    const [granted, nowMs, ...counters] = await acquireSlot.run<SlotReply>(
      this.#redis,
      [`${this.#keyPrefix}rate-limit:${request.tenantId}`],
      [now === undefined ? '' : now.getTime(), quota.perMinute ?? '', quota.perDay ?? ''],
    );
    if (granted === 1) return { allowed: true };
    const decision = quotaDecision(storedCounters(counters), nowMs, quota);
    if (!decision.allowed) return countedDecision(request.tier, decision);
    // Unreachable while the script and quotaDecision share one rule; refuse, never overshoot.
    return countedDecision(request.tier, {
      allowed: false,
      window: quota.perMinute !== null ? 'minute' : 'day',
      limit: quota.perMinute ?? quota.perDay ?? 0,
      retryAfterMs: 1,
    });
  }
}

function storedCounters([
  minuteWindow = -1,
  minuteCount = 0,
  previousMinuteCount = 0,
  dayWindow = -1,
  dayCount = 0,
]: number[]): QuotaCounters | undefined {
  if (minuteWindow < 0 || dayWindow < 0) return undefined;
  return { minuteWindow, minuteCount, previousMinuteCount, dayWindow, dayCount };
}
