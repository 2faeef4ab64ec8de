import { z } from 'zod';

/**
 * A settings field holding a boolean written as text: `true`/`false`, `1`/`0` or `yes`/`no`
 * (case-insensitive). Anything else is reported as an invalid setting.
 *
 * @example
 * ```ts
 * const schema = z.object({ featureEnabled: envBoolean().default(false) });
 * // BALTRA_FEATURE_ENABLED=yes → { featureEnabled: true }
 * ```
 */
export function envBoolean() {
  return z.stringbool({ truthy: ['true', '1', 'yes'], falsy: ['false', '0', 'no'] });
}
