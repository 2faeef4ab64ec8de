import { type SanitisedValue, sanitise } from '../pii/sanitise.js';

/** A JSON-safe value, as written to a log line. */
export type LogValue = SanitisedValue;

/** How {@link toLogValue} converts and masks a value. */
export interface LogValueOptions {
  /** Mask emails, phone numbers and personal ids; default `true`. */
  readonly maskPii?: boolean;
  /** Strings longer than this are cut with a `…[truncated N chars]` suffix; default 2,000. */
  readonly maxStringLength?: number;
  /** Nesting deeper than this becomes `'[Truncated]'`; default 10. */
  readonly maxDepth?: number;
  /** Keep the (masked) stack of errors; default `false`. */
  readonly includeStack?: boolean;
  /** More key names whose values become `'[REDACTED]'` (compared like the built-in ones). */
  readonly sensitiveKeys?: readonly string[];
  /** More key names whose values are personal ids, masked as `***7890`. */
  readonly idKeys?: readonly string[];
}

/**
 * Converts any value into a JSON-safe {@link LogValue} that is safe to log: `sanitise` from
 * `shared/pii` with the logger's profile. Values under secret keys (password, secret, token,
 * authorization, apiKey, cookie, databaseUrl …) become `'[REDACTED]'`; credentials in URLs and
 * bearer tokens are masked; unless `maskPii: false`, emails keep their first letter and
 * domain (`a***@example.com`, still useful when debugging delivery), phone numbers and
 * personal ids (`nationalId`, `curp`, `rfc` … → `***7890`) are masked; strings over 2,000
 * characters are truncated saying how much was cut; cycles become `'[Circular]'`; errors
 * become `{ name, message, code, context?, cause? }` (no stack unless asked); dates become
 * ISO strings; maps, sets, bigints and typed arrays get readable forms. Never mutates its
 * input.
 *
 * @example
 * ```ts
 * toLogValue({ user: 'ana.lopez@example.com', password: 'hunter2' }, { maskPii: false });
 * // { user: 'ana.lopez@example.com', password: '[REDACTED]' }
 * ```
 */
export function toLogValue(value: unknown, options: LogValueOptions = {}): LogValue {
  return sanitise(value, {
    maskPii: options.maskPii ?? true,
    emailStyle: 'keep-domain',
    maxStringLength: options.maxStringLength ?? 2000,
    truncationMarker: 'count',
    maxDepth: options.maxDepth ?? 10,
    includeStack: options.includeStack ?? false,
    sensitiveKeys: options.sensitiveKeys ?? [],
    idKeys: options.idKeys ?? [],
  });
}
