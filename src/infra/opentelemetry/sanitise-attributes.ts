import { classifyKey } from '../../shared/pii/classify-key.js';
import { type SanitiseOptions, sanitise } from '../../shared/pii/sanitise.js';
import type { TelemetryAttributes } from '../../shared/telemetry/telemetry.js';

/** What an exporter may receive of a telemetry attribute. */
type AttributeValue = string | number | boolean;

/**
 * How telemetry leaving through OpenTelemetry is sanitised (`sanitise` of `shared/pii`):
 * strings are cut at `maxStringLength` (default 200), emails keep only the tail of their
 * domain unless `emailStyle` says otherwise, and `sensitiveKeys` / `idKeys` extend the
 * built-in secret and personal-id keys. PII masking cannot be turned off: an exporter is a
 * third party.
 */
export type TelemetrySanitiseOptions = Pick<
  SanitiseOptions,
  'maxStringLength' | 'emailStyle' | 'sensitiveKeys' | 'idKeys'
>;

/**
 * Sanitises one attribute for an exporter: a secret key gives `'[REDACTED]'`; a value under a
 * personal-id, phone or email key is masked as such (a numeric `citizen_id` becomes the
 * string `***7890`); other strings have their emails, phones and credentials masked and are
 * truncated; booleans and ordinary numbers pass unchanged.
 *
 * @example
 * ```ts
 * sanitiseAttribute('enduser.email', 'ana.lopez@example.com', {}); // '***e.com'
 * sanitiseAttribute('http.status_code', 503, {});                  // 503
 * ```
 */
export function sanitiseAttribute(
  key: string,
  value: AttributeValue,
  options: TelemetrySanitiseOptions,
): AttributeValue {
  if (typeof value === 'boolean') return value;
  if (
    typeof value === 'number' &&
    classifyKey(key, { secret: options.sensitiveKeys ?? [], personalId: options.idKeys ?? [] }) ===
      undefined
  ) {
    return value;
  }
  const sanitised = (
    sanitise({ [key]: value }, { ...options, maxDepth: 1 }) as Record<string, unknown>
  )[key];
  return typeof sanitised === 'string' || typeof sanitised === 'number' ? sanitised : '';
}

/** {@link sanitiseAttribute} over a whole attribute set; `undefined` stays `undefined`. */
export function sanitiseAttributes(
  attributes: TelemetryAttributes | undefined,
  options: TelemetrySanitiseOptions,
): Record<string, AttributeValue> | undefined {
  if (attributes === undefined) return undefined;
  const sanitised: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(attributes)) {
    sanitised[key] = sanitiseAttribute(key, value, options);
  }
  return sanitised;
}

/** Free text (a span name, an error message) as an exporter may receive it. */
export function sanitiseText(text: string, options: TelemetrySanitiseOptions): string {
  const sanitised = sanitise(text, options);
  return typeof sanitised === 'string' ? sanitised : '';
}
