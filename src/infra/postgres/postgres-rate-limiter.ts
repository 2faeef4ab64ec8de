import { type Kysely, sql } from 'kysely';
import type {
  RateLimitDecision,
  RateLimiter,
  RateLimitRequest,
} from '../../shared/messaging/rate-limiter.js';
import type { TenantTier } from '../../shared/messaging/tenant-tier.js';
import { countedDecision } from '../rate-limits/rate-limit-metrics.js';
import {
  DAY_MS,
  MINUTE_MS,
  pruneBeforeMinuteWindow,
  quotaDecision,
  quotaFor,
  type RateLimiterOptions,
  type RateLimitQuota,
  resolveQuotas,
} from '../rate-limits/tenant-quota-window.js';
import type { BaltraDatabase } from './database-schema.js';
import { translateDatabaseError } from './translate-database-error.js';

export type {
  RateLimiterOptions,
  RateLimitPolicies,
  RateLimitQuota,
} from '../rate-limits/tenant-quota-window.js';

/** Options of {@link PostgresRateLimiter}. */
export interface PostgresRateLimiterOptions extends RateLimiterOptions {
  /**
   * How often (by the limiter's clock) an `acquire` also starts a background {@link
   * PostgresRateLimiter.prune} of counters idle for a day; default 10 minutes, `null` never
   * (then call `prune()` yourself, e.g. from a scheduled job).
   */
  readonly autoPruneIntervalMs?: number | null;
}

const DEFAULT_AUTO_PRUNE_MS = 10 * MINUTE_MS;
/** Tries of the upsert when a refusal, read back, turns out to have raced a window rollover. */
const MAX_ATTEMPTS = 3;

/**
 * A `RateLimiter` shared by every worker through PostgreSQL (or PGlite): one row per tenant in
 * `rate_limit_counters` (migration 0004). A slot is taken by one conditional upsert,
 * `INSERT … ON CONFLICT (tenant_id) DO UPDATE … WHERE <both quotas allow> RETURNING`: the
 * conflicting row is locked and the condition evaluated on its latest committed version, so
 * concurrent acquires from any number of processes and connections never grant more than the
 * quota, and a refusal writes nothing. Only a refusal costs a second statement (reading the
 * counters to say which quota is used up and when a slot frees). Unlimited tiers (enterprise)
 * cost no query.
 *
 * Quotas: per minute a sliding-window approximation — the previous fixed minute's count
 * weighted by the share of the current minute still to run, plus the current minute's count,
 * must stay below the limit; per day a fixed UTC day. Windows come from the caller's clock
 * (`request.now` or the `clock` option), so worker clocks should be NTP-synchronised; a request
 * stamped before a window another worker already opened counts in that newer window, with the
 * previous minute weighted fully. Pass the pool's `Kysely`, not a transaction: inside a
 * transaction the tenant's row stays locked, and the slot taken, only until it ends.
 *
 * @example
 * ```ts
 * const limiter = new PostgresRateLimiter(db);
 * const decision = await limiter.acquire({ tenantId: 'acme', tier: 'free' });
 * if (!decision.allowed) console.log(`retry in ${decision.retryAfterMs} ms (${decision.window})`);
 * ```
 */
export class PostgresRateLimiter implements RateLimiter {
  private readonly quotas: Readonly<Record<TenantTier, RateLimitQuota>>;
  private readonly clock: { now(): Date };
  private readonly autoPruneIntervalMs: number | null;
  private lastPruneMs = Number.NEGATIVE_INFINITY;
  private pruning: Promise<unknown> | undefined;

  constructor(
    private readonly db: Kysely<BaltraDatabase>,
    options: PostgresRateLimiterOptions = {},
  ) {
    this.quotas = resolveQuotas(options.policies);
    this.clock = options.clock ?? { now: () => new Date() };
    const interval = options.autoPruneIntervalMs;
    if (interval !== undefined && interval !== null && !(interval >= 0)) {
      throw new RangeError('PostgresRateLimiter: autoPruneIntervalMs must be >= 0 or null');
    }
    this.autoPruneIntervalMs = interval === undefined ? DEFAULT_AUTO_PRUNE_MS : interval;
  }

  async acquire(request: RateLimitRequest): Promise<RateLimitDecision> {
    const quota = quotaFor(this.quotas, request);
    if (quota.perMinute === null && quota.perDay === null) return { allowed: true };
    const now = request.now ?? this.clock.now();
    const nowMs = now.getTime();
    this.maybePrune(nowMs);
    try {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
        if (await this.take(request.tenantId, now, quota)) return { allowed: true };
        const decision = await this.explainRefusal(request.tenantId, nowMs, quota);
        if (!decision.allowed) return countedDecision(request.tier, decision);
      }
      // Refused, yet every read-back found room: counters moving under heavy contention.
      return countedDecision(request.tier, {
        allowed: false,
        window: quota.perMinute !== null ? 'minute' : 'day',
        limit: quota.perMinute ?? quota.perDay ?? 0,
        retryAfterMs: 1,
      });
    } catch (error) {
      throw translateDatabaseError(error, 'acquire rate limit slot');
    }
  }

  /**
   * Deletes counters untouched for a day (their windows no longer count); returns how many.
   * `acquire` runs it in the background every `autoPruneIntervalMs`.
   */
  async prune(now: Date = this.clock.now()): Promise<number> {
    try {
      const result = await this.db
        .deleteFrom('rate_limit_counters')
        .where('minute_window', '<', pruneBeforeMinuteWindow(now.getTime()))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    } catch (error) {
      throw translateDatabaseError(error, 'prune rate limit counters');
    }
  }

  /** The single statement that checks both quotas and takes a slot; true when granted. */
  private async take(tenantId: string, now: Date, quota: RateLimitQuota): Promise<boolean> {
    const nowMs = now.getTime();
    const minute = Math.floor(nowMs / MINUTE_MS);
    const day = Math.floor(nowMs / DAY_MS);
    const remainingMs = (minute + 1) * MINUTE_MS - nowMs;
    // The same reading of the stored row as quotaDecision (tenant-quota-window.ts).
    const sameOrLaterMinute = sql`r.minute_window >= excluded.minute_window`;
    const current = sql`(case when ${sameOrLaterMinute} then r.minute_count else 0 end)`;
    const previous = sql`(case when ${sameOrLaterMinute} then r.previous_minute_count
      when r.minute_window = excluded.minute_window - 1 then r.minute_count else 0 end)`;
    const minuteMs = sql.lit(MINUTE_MS);
    const remaining = sql`(case when r.minute_window > excluded.minute_window then ${minuteMs}
      else ${remainingMs}::integer end)`;
    const dayCount = sql`(case when r.day_window >= excluded.day_window then r.day_count else 0 end)`;
    const conditions = [
      quota.perMinute === null
        ? sql`true`
        : sql`${previous}::bigint * ${remaining} + ${current}::bigint * ${minuteMs}
            < ${quota.perMinute}::bigint * ${minuteMs}`,
      quota.perDay === null ? sql`true` : sql`${dayCount} < ${quota.perDay}::integer`,
    ];
    const { rows } = await sql<{ granted: number }>`
      insert into rate_limit_counters as r
        (tenant_id, minute_window, minute_count, previous_minute_count, day_window, day_count,
         updated_at)
      values (${tenantId}, ${minute}::integer, 1, 0, ${day}::integer, 1, ${now}::timestamptz)
      on conflict (tenant_id) do update set
        minute_window = greatest(r.minute_window, excluded.minute_window),
        minute_count = ${current} + 1,
        previous_minute_count = ${previous},
        day_window = greatest(r.day_window, excluded.day_window),
        day_count = ${dayCount} + 1,
        updated_at = greatest(r.updated_at, excluded.updated_at)
      where ${sql.join(conditions, sql` and `)}
      returning 1 as granted`.execute(this.db);
    return rows.length > 0;
  }

  /** Reads the tenant's counters back to tell which quota refused and when a slot frees. */
  private async explainRefusal(
    tenantId: string,
    nowMs: number,
    quota: RateLimitQuota,
  ): Promise<RateLimitDecision> {
    const row = await this.db
      .selectFrom('rate_limit_counters')
      .select(['minute_window', 'minute_count', 'previous_minute_count', 'day_window', 'day_count'])
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return quotaDecision(
      row && {
        minuteWindow: row.minute_window,
        minuteCount: row.minute_count,
        previousMinuteCount: row.previous_minute_count,
        dayWindow: row.day_window,
        dayCount: row.day_count,
      },
      nowMs,
      quota,
    );
  }

  private maybePrune(nowMs: number): void {
    if (this.autoPruneIntervalMs === null || this.pruning) return;
    if (nowMs - this.lastPruneMs < this.autoPruneIntervalMs) return;
    this.lastPruneMs = nowMs;
    this.pruning = this.prune(new Date(nowMs))
      .catch(() => undefined) // best effort: the next interval tries again
      .finally(() => {
        this.pruning = undefined;
      });
  }
}
