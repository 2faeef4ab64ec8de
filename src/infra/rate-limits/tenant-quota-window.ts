import type { RateLimitDecision, RateLimitRequest } from '../../shared/messaging/rate-limiter.js';
import {
  TENANT_TIERS,
  type TenantTier,
  TIER_POLICIES,
} from '../../shared/messaging/tenant-tier.js';

/** Length of the sliding minute window. */
export const MINUTE_MS = 60_000;
/** Length of the fixed UTC day window. */
export const DAY_MS = 86_400_000;

/** The quotas of one tier: slots per minute and per UTC day; `null` is unlimited. */
export interface RateLimitQuota {
  readonly perMinute: number | null;
  readonly perDay: number | null;
}

/** Quotas that replace those of `TIER_POLICIES` for the tiers they name. */
export type RateLimitPolicies = Partial<Record<TenantTier, RateLimitQuota>>;

/** The options both rate limiter adapters take. */
export interface RateLimiterOptions {
  /** Per-tier quotas overriding `TIER_POLICIES` (other tiers keep theirs). */
  readonly policies?: RateLimitPolicies;
  /** The clock used when a request carries no `now`; default the system clock. */
  readonly clock?: { now(): Date };
}

/**
 * The counters of one tenant. Windows are numbered from the Unix epoch: `minuteWindow` is
 * `floor(ms / 60 000)` and `dayWindow` is `floor(ms / 86 400 000)` (UTC days).
 */
export interface QuotaCounters {
  readonly minuteWindow: number;
  /** Slots granted in `minuteWindow`. */
  readonly minuteCount: number;
  /** Slots granted in the minute window before `minuteWindow`. */
  readonly previousMinuteCount: number;
  readonly dayWindow: number;
  /** Slots granted in `dayWindow`. */
  readonly dayCount: number;
}

/** `TIER_POLICIES` with `overrides` applied, validated: limits are positive integers or null. */
export function resolveQuotas(
  overrides: RateLimitPolicies = {},
): Readonly<Record<TenantTier, RateLimitQuota>> {
  const quotas = {} as Record<TenantTier, RateLimitQuota>;
  for (const tier of TENANT_TIERS) {
    const quota = checkQuota(overrides[tier] ?? TIER_POLICIES[tier], `policies.${tier}`);
    quotas[tier] = Object.freeze({ perMinute: quota.perMinute, perDay: quota.perDay });
  }
  return Object.freeze(quotas);
}

/**
 * The quotas of one request: its tier's, with the tenant's own `limits` (when it carries any)
 * in place of those they name. A limit that is not a positive integer or null is a RangeError.
 *
 * @example
 * ```ts
 * const quota = quotaFor(this.quotas, { tenantId: 'acme', tier: 'free', limits: { perDay: 500 } });
 * ```
 */
export function quotaFor(
  quotas: Readonly<Record<TenantTier, RateLimitQuota>>,
  request: RateLimitRequest,
): RateLimitQuota {
  const tierQuota = quotas[request.tier];
  const limits = request.limits;
  if (limits === undefined) return tierQuota;
  return checkQuota(
    {
      perMinute: limits.perMinute === undefined ? tierQuota.perMinute : limits.perMinute,
      perDay: limits.perDay === undefined ? tierQuota.perDay : limits.perDay,
    },
    'limits',
  );
}

/** `quota` when its limits are positive integers or null; a RangeError naming `where` otherwise. */
function checkQuota(quota: RateLimitQuota, where: string): RateLimitQuota {
  for (const key of ['perMinute', 'perDay'] as const) {
    const limit = quota[key];
    if (limit !== null && !(Number.isSafeInteger(limit) && limit > 0)) {
      throw new RangeError(
        `rate limiter: ${where}.${key} must be a positive integer or null, got ${String(limit)}`,
      );
    }
  }
  return quota;
}

/** The counters as seen at `nowMs`: the windows `nowMs` falls in, with what still counts. */
interface WindowView {
  /** The current minute window (the stored one if a skewed clock already moved past `nowMs`). */
  readonly minuteWindow: number;
  readonly current: number;
  readonly previous: number;
  /** Milliseconds of `minuteWindow` still to run: the weight of `previous` is remaining / 60 000. */
  readonly remainingMs: number;
  readonly dayWindow: number;
  readonly dayCount: number;
}

function view(counters: QuotaCounters | undefined, nowMs: number): WindowView {
  const minute = Math.floor(nowMs / MINUTE_MS);
  const day = Math.floor(nowMs / DAY_MS);
  const remainingMs = (minute + 1) * MINUTE_MS - nowMs;
  const dayView = {
    dayWindow: Math.max(counters?.dayWindow ?? day, day),
    dayCount: counters && counters.dayWindow >= day ? counters.dayCount : 0,
  };
  if (!counters || counters.minuteWindow < minute - 1) {
    return { minuteWindow: minute, current: 0, previous: 0, remainingMs, ...dayView };
  }
  if (counters.minuteWindow === minute - 1) {
    return {
      minuteWindow: minute,
      current: 0,
      previous: counters.minuteCount,
      remainingMs,
      ...dayView,
    };
  }
  return {
    minuteWindow: counters.minuteWindow,
    current: counters.minuteCount,
    previous: counters.previousMinuteCount,
    // A request stamped before the stored window (a worker whose clock lags): weigh the
    // previous window fully, the most cautious reading.
    remainingMs: counters.minuteWindow > minute ? MINUTE_MS : remainingMs,
    ...dayView,
  };
}

/** Sliding estimate × 60 000 (exact integers): previous × remaining + current × 60 000. */
function minuteAllows(v: WindowView, limit: number): boolean {
  return v.previous * v.remainingMs + v.current * MINUTE_MS < limit * MINUTE_MS;
}

/**
 * The earliest instant (ms) at which the minute estimate drops below `limit` if nobody takes a
 * slot meanwhile. The estimate never rises by itself, so this is exact for the approximation.
 */
function minuteFreesAt(v: WindowView, limit: number): number {
  const start = v.minuteWindow * MINUTE_MS;
  if (v.current < limit) {
    // Within this window: previous × remaining < (limit − current) × 60 000.
    return start + MINUTE_MS - Math.floor(((limit - v.current) * MINUTE_MS - 1) / v.previous);
  }
  // In the next window, where this window's count becomes the weighted previous one.
  return start + 2 * MINUTE_MS - Math.floor((limit * MINUTE_MS - 1) / v.current);
}

/**
 * Whether a request at `nowMs` gets a slot under `quota`, given the stored counters; for a
 * refusal, the quota that is used up and how long until a slot frees. The PostgreSQL adapter
 * runs the same rule in SQL; this function is its reference.
 */
export function quotaDecision(
  counters: QuotaCounters | undefined,
  nowMs: number,
  quota: RateLimitQuota,
): RateLimitDecision {
  const v = view(counters, nowMs);
  const minuteBlocked = quota.perMinute !== null && !minuteAllows(v, quota.perMinute);
  const dayBlocked = quota.perDay !== null && v.dayCount >= quota.perDay;
  if (!minuteBlocked && !dayBlocked) return { allowed: true };
  let freesAt = nowMs + 1;
  if (minuteBlocked && quota.perMinute !== null) {
    freesAt = Math.max(freesAt, minuteFreesAt(v, quota.perMinute));
  }
  if (dayBlocked) freesAt = Math.max(freesAt, (v.dayWindow + 1) * DAY_MS);
  return {
    allowed: false,
    window: dayBlocked ? 'day' : 'minute',
    limit: (dayBlocked ? quota.perDay : quota.perMinute) ?? 0,
    retryAfterMs: freesAt - nowMs,
  };
}

/** The counters after granting one slot at `nowMs` (call only when {@link quotaDecision} allows). */
export function countSlot(counters: QuotaCounters | undefined, nowMs: number): QuotaCounters {
  const v = view(counters, nowMs);
  return {
    minuteWindow: v.minuteWindow,
    minuteCount: v.current + 1,
    previousMinuteCount: v.previous,
    dayWindow: v.dayWindow,
    dayCount: v.dayCount + 1,
  };
}

/** The minute window before which counters are more than a day old and can be dropped. */
export function pruneBeforeMinuteWindow(nowMs: number): number {
  return Math.floor(nowMs / MINUTE_MS) - DAY_MS / MINUTE_MS;
}
