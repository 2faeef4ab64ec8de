/** Options of {@link Cache.set} and {@link Cache.getOrCompute}. */
export interface CacheSetOptions {
  /** How long the entry lives, in milliseconds: a positive whole number. */
  readonly ttlMs: number;
}

/**
 * A key-value cache of JSON values with a time to live per entry, shared by every caller of
 * one instance. Adapters: `InMemoryCache` (`@baltra/sdk/testing`, one process, bounded) and
 * `RedisCache` (`@baltra/sdk/redis`, shared by processes).
 *
 * **Values are JSON.** `set` and `getOrCompute` store what JSON can carry and hand back the
 * parsed JSON, never the object that was given: a `Date` (anything with `toJSON`) comes back
 * as what its `toJSON` returns (an ISO string for a Date); object properties that are
 * `undefined` are dropped. A value JSON cannot carry faithfully is refused with
 * `CacheValueError` (code `CACHE_VALUE_NOT_JSON`) and nothing is stored: `undefined` itself or
 * inside an array, functions, symbols, bigints, `NaN` and `±Infinity`, cycles, and objects
 * that are neither plain objects nor arrays and have no `toJSON` (`Map`, `Set`, class
 * instances). `null` is a value like any other; `get` answers `undefined` only for a miss.
 *
 * **Single flight.** `getOrCompute` on a cold key runs `compute` once per cache instance even
 * when many callers ask at the same time: the others wait for that computation and get its
 * value. A computation that throws stores nothing; its error goes to the callers waiting on
 * that computation only, and the next call computes afresh. While a computation runs, the
 * TTL of the caller that started it is the one stored.
 *
 * **Metrics.** Every `get` and `getOrCompute` counts one hit or one miss on the catalogue's
 * `cache_hits_total` / `cache_misses_total` with the attribute `cache` (the cache's
 * namespace): a caller that waited on another's computation counts a miss. A lookup that
 * could not read the store counts neither.
 *
 * @example
 * ```ts
 * const vacancies = await cache.getOrCompute(
 *   `vacancies:${companyId}`,
 *   () => uow.run(({ vacancies }) => vacancies.listOpen(companyId)),
 *   { ttlMs: 60_000 },
 * );
 * await cache.deleteByPrefix(`vacancies:${companyId}`);
 * ```
 */
export interface Cache {
  /** The stored value, parsed from JSON, or `undefined` when the key is absent or expired. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Stores `value` (see the JSON rules above) for `ttlMs`, replacing any value and TTL. */
  set(key: string, value: unknown, options: CacheSetOptions): Promise<void>;
  /** The stored value, or the value of `compute` stored for `ttlMs` (computed once per flight). */
  getOrCompute<T>(key: string, compute: () => Promise<T>, options: CacheSetOptions): Promise<T>;
  /** Removes one key; true when a live entry was there. */
  delete(key: string): Promise<boolean>;
  /**
   * Removes every key that starts with `prefix` (taken literally: `*` and `?` are no
   * wildcards) and answers how many live entries went. Keys written while it runs may stay.
   */
  deleteByPrefix(prefix: string): Promise<number>;
}
