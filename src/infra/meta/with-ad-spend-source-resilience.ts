import type { AdSpendSource } from '../../domain/ports/ad-spend-source.js';
import {
  createMetaResilience,
  type MetaResilience,
  type MetaResilienceOptions,
} from './meta-resilience.js';

/**
 * Wraps an `AdSpendSource` (usually a `MetaAdSpendSource`) with the retry and circuit breaker
 * of `createMetaResilience`. Pass the same `MetaResilience` (or breaker) as the lead source's
 * wrapper to share one breaker for the Graph API.
 *
 * @example
 * ```ts
 * const meta = createMetaResilience({ breaker: { consecutiveFailures: 5 } });
 * const spend = withAdSpendSourceResilience(new MetaAdSpendSource({ accessToken, adAccountId }), meta);
 * ```
 */
export function withAdSpendSourceResilience(
  source: AdSpendSource,
  options: MetaResilienceOptions | MetaResilience = {},
): AdSpendSource {
  const resilience = 'run' in options ? options : createMetaResilience(options);
  return { spend: (companyId, period) => resilience.run(() => source.spend(companyId, period)) };
}
