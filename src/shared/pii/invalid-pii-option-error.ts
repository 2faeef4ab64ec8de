import { EdgeError, type EdgeErrorOptions } from '../http/edge-error.js';

/**
 * A PII helper was given an option it cannot honour (a negative or fractional length, a
 * depth below zero). Code `PII_OPTION_INVALID`; `context` names the option and its value.
 * It is a programming error: fix the call, do not retry it.
 *
 * @example
 * ```ts
 * truncate('text', { maxLength: -1 }); // throws InvalidPiiOptionError (PII_OPTION_INVALID)
 * ```
 */
export class InvalidPiiOptionError extends EdgeError {
  readonly code = 'PII_OPTION_INVALID';

  constructor(option: string, value: unknown, expected: string, options: EdgeErrorOptions = {}) {
    super(`PII option ${option} must be ${expected}, got ${String(value)}`, {
      ...options,
      context: { option, value, expected, ...options.context },
    });
  }
}
