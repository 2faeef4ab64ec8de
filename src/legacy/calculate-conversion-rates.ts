import type { StageCounts } from '../domain/models/funnel-buckets.js';
import { summariseFunnel } from '../domain/services/funnel-service.js';
import { warnDeprecated } from './warn-deprecated.js';

/**
 * @deprecated Use `FunnelService.buckets(companyId).conversion` (or `summariseFunnel(companyId,
 * counts).conversion` for counts you already hold). The dashboard folder's conversion helper:
 * from per-stage counts, the conversion between consecutive stages of the main path, keyed
 * `{from}_to_{to}` (candidates who reached `to` / those who reached `from`; `null` when none
 * reached `from`).
 *
 * @example
 * ```ts
 * const rates = calculateConversionRates({ applied: 6, screening: 3, hired: 1 }); // warns once: BALTRA_DEP013
 * rates.applied_to_screening; // 0.4 (4 of the 10 who applied got at least to screening)
 * ```
 */
export function calculateConversionRates(counts: StageCounts): Record<string, number | null> {
  warnDeprecated(
    'BALTRA_DEP013',
    'calculateConversionRates()',
    'FunnelService.buckets().conversion (or summariseFunnel())',
  );
  const { conversion } = summariseFunnel('', counts);
  return Object.fromEntries(conversion.map(({ from, to, rate }) => [`${from}_to_${to}`, rate]));
}
