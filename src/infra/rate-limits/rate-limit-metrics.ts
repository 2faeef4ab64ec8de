import type { RateLimitDecision } from '../../shared/messaging/rate-limiter.js';
import type { TenantTier } from '../../shared/messaging/tenant-tier.js';
import { METRICS } from '../../shared/telemetry/metric-catalogue.js';
import { recordGlobalMetric } from '../../shared/telemetry/record-global-metric.js';

/**
 * Counts a refusal in `rate_limit_rejections_total` (by tenant tier and the window used up:
 * `minute` or `day`) and returns the decision unchanged. Costs nothing while the telemetry is
 * the no-op one. Internal to the rate limiters.
 *
 * @example
 * ```ts
 * return countedDecision(request.tier, quotaDecision(counters, nowMs, quota));
 * ```
 */
export function countedDecision(tier: TenantTier, decision: RateLimitDecision): RateLimitDecision {
  if (!decision.allowed) {
    recordGlobalMetric(METRICS.rateLimitRejectionsTotal, 1, () => ({
      tier,
      window: decision.window,
    }));
  }
  return decision;
}
