import { EdgeError, type EdgeErrorOptions } from '../http/edge-error.js';

/**
 * A value given to a `Cache` is not JSON the cache can store faithfully (see `Cache`): code
 * `CACHE_VALUE_NOT_JSON`, nothing was stored. `context` names the cache key, the path of the
 * offending part (`$` is the value itself, `$.items[2]` a part of it) and what is wrong. A
 * programming error: convert the value (a `Map` to an object, a bigint to a string) and call
 * again.
 *
 * @example
 * ```ts
 * await cache.set('k', { total: 10n }, { ttlMs: 1_000 }); // CacheValueError: $.total is a bigint
 * ```
 */
export class CacheValueError extends EdgeError {
  readonly code = 'CACHE_VALUE_NOT_JSON';
  readonly retryable = false;

  constructor(key: string, path: string, problem: string, options: EdgeErrorOptions = {}) {
    super(`cannot cache ${path} of key "${key}": ${problem}; cache values must be JSON`, {
      ...options,
      context: { key, path, problem, ...options.context },
    });
  }
}
