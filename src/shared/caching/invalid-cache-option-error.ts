import { EdgeError, type EdgeErrorOptions } from '../http/edge-error.js';

/**
 * A cache was given an option it cannot honour (a TTL that is not a positive whole number of
 * milliseconds, a size bound below 1): code `CACHE_OPTION_INVALID`; `context` names the
 * option, the value and what was expected. A programming error: fix the call.
 *
 * @example
 * ```ts
 * await cache.set('k', 1, { ttlMs: 0 }); // InvalidCacheOptionError: ttlMs must be a positive whole number
 * ```
 */
export class InvalidCacheOptionError extends EdgeError {
  readonly code = 'CACHE_OPTION_INVALID';
  readonly retryable = false;

  constructor(option: string, value: unknown, expected: string, options: EdgeErrorOptions = {}) {
    super(`cache option ${option} must be ${expected}, got ${String(value)}`, {
      ...options,
      context: { option, value: String(value), expected, ...options.context },
    });
  }
}
