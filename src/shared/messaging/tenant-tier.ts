/** The plans a tenant can be on, most valuable first. */
export const TENANT_TIERS = ['enterprise', 'professional', 'advance', 'free'] as const;

export type TenantTier = (typeof TENANT_TIERS)[number];

/** What a tier is entitled to: its queue priority, request quotas and handler timeout. */
export interface TierPolicy {
  readonly tier: TenantTier;
  /** 1 is served first (enterprise) … 4 last (free). */
  readonly priority: 1 | 2 | 3 | 4;
  /** Actions per minute per tenant; `null` means unlimited. */
  readonly perMinute: number | null;
  /** Actions per day per tenant; `null` means unlimited. */
  readonly perDay: number | null;
  /** How long one handler run may take before it is abandoned and retried. */
  readonly handlerTimeoutMs: number;
  /** Share of dispatch slots when several tiers have work waiting (weighted round robin). */
  readonly weight: number;
}

/**
 * The tier table of the source systems (DESIGN §4): free 10/min, 100/day, 30 s; advance
 * 50/1,000/60 s; professional 200/10,000/120 s; enterprise unlimited/300 s. Weights give
 * enterprise 8 dispatches for every 1 of free when both wait, so free is never starved.
 *
 * @example
 * ```ts
 * const { perMinute, handlerTimeoutMs } = TIER_POLICIES.free; // 10, 30_000
 * ```
 */
export const TIER_POLICIES: Readonly<Record<TenantTier, TierPolicy>> = Object.freeze({
  enterprise: Object.freeze({
    tier: 'enterprise',
    priority: 1,
    perMinute: null,
    perDay: null,
    handlerTimeoutMs: 300_000,
    weight: 8,
  }),
  professional: Object.freeze({
    tier: 'professional',
    priority: 2,
    perMinute: 200,
    perDay: 10_000,
    handlerTimeoutMs: 120_000,
    weight: 4,
  }),
  advance: Object.freeze({
    tier: 'advance',
    priority: 3,
    perMinute: 50,
    perDay: 1_000,
    handlerTimeoutMs: 60_000,
    weight: 2,
  }),
  free: Object.freeze({
    tier: 'free',
    priority: 4,
    perMinute: 10,
    perDay: 100,
    handlerTimeoutMs: 30_000,
    weight: 1,
  }),
});

/**
 * Whether `value` names a tier.
 *
 * @example
 * ```ts
 * if (!isTenantTier(header)) throw new Error(`unknown tier ${header}`);
 * ```
 */
export function isTenantTier(value: unknown): value is TenantTier {
  return typeof value === 'string' && (TENANT_TIERS as readonly string[]).includes(value);
}
