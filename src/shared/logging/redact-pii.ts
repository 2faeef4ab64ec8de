import { type LogValue, type LogValueOptions, toLogValue } from './to-log-value.js';

/** Options of {@link redactPii}: those of `toLogValue` except `maskPii`, which is always on. */
export type RedactPiiOptions = Omit<LogValueOptions, 'maskPii'>;

/**
 * Deep-redacts a value before it is logged or stored: emails (`a***@example.com`), phone
 * numbers (`+52*********78`), values under sensitive keys (`'[REDACTED]'`), credentials in URLs
 * and bearer tokens; truncates strings over 2,000 characters; turns cycles, errors, dates,
 * maps and sets into JSON-safe forms. Pure: the input is not modified.
 *
 * @example
 * ```ts
 * redactPii({ email: 'ana.lopez@example.com', phone: '+5215512345678', apiKey: 'k-123' });
 * // { email: 'a***@example.com', phone: '+52*********78', apiKey: '[REDACTED]' }
 * ```
 */
export function redactPii(value: unknown, options: RedactPiiOptions = {}): LogValue {
  return toLogValue(value, { ...options, maskPii: true });
}
