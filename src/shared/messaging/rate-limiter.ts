import type { TenantTier } from './tenant-tier.js';

/** Who asks for a slot: a tenant on a tier (the tier decides the quotas). */
export interface RateLimitRequest {
  readonly tenantId: string;
  readonly tier: TenantTier;
  /** The tenant's own quotas (its tenant directory record), replacing its tier's; `null` is unlimited. */
  readonly limits?: {
    readonly perMinute?: number | null | undefined;
    readonly perDay?: number | null | undefined;
  };
  /** Defaults to the limiter's clock. */
  readonly now?: Date;
}

/** The answer of {@link RateLimiter.acquire}. */
export type RateLimitDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      /** Which quota is used up. */
      readonly window: 'minute' | 'day';
      readonly limit: number;
      /** When a slot is expected to free up. */
      readonly retryAfterMs: number;
    };

/**
 * Per-tenant quotas shared by every worker process (the tier table of DESIGN §4: actions per
 * minute and per day). `acquire` takes one slot when both quotas allow it and never takes a
 * slot it refuses. Adapters: `PostgresRateLimiter` (`@baltra/sdk/postgres`, atomic upserts, one
 * database for every worker) and `InMemoryRateLimiter` (`@baltra/sdk/testing`).
 *
 * @example
 * ```ts
 * const decision = await limiter.acquire({ tenantId: 'acme', tier: 'free' });
 * if (!decision.allowed) await delay(message, decision.retryAfterMs);
 * ```
 */
export interface RateLimiter {
  acquire(request: RateLimitRequest): Promise<RateLimitDecision>;
}
