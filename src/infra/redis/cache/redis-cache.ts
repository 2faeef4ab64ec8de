import { InvalidCacheOptionError } from '../../../shared/caching/invalid-cache-option-error.js';
import { JsonCache, type JsonCacheOptions } from '../../../shared/caching/json-cache.js';
import type { RedisClient } from '../redis-client.js';
import { translateRedisError } from '../translate-redis-error.js';

const DEFAULT_SCAN_COUNT = 500;

/** Options of {@link RedisCache}. */
export interface RedisCacheOptions extends JsonCacheOptions {
  /** Prefix of every key the SDK writes on this server; default `baltra:`. */
  readonly keyPrefix?: string;
  /** How many keys one `SCAN` step of `deleteByPrefix` asks for (and at most one `UNLINK` removes); default 500. */
  readonly scanCount?: number;
}

/**
 * A `Cache` on Redis, shared by every process on the server: one string key per entry,
 * `{keyPrefix}cache:{namespace}:{key}` (default `baltra:cache:default:…`), holding the JSON
 * and set with a `PX` TTL, so Redis expires it. `deleteByPrefix` walks the namespace with
 * `SCAN … MATCH` (the prefix escaped, so it is taken literally) and removes each batch with
 * `UNLINK` (freed in the background); it never uses `KEYS`, so it does not block the server,
 * and keys written while it runs may stay. Single flight is per instance: share one instance
 * in a process. Errors are `RedisError`s (`REDIS_UNAVAILABLE` is retryable); the cache does not
 * fall back to computing when Redis is down — wrap it if a service should.
 *
 * @example
 * ```ts
 * const cache = new RedisCache(redis, { namespace: 'vacancies' });
 * const open = await cache.getOrCompute(`open:${companyId}`, () => loadOpen(companyId), { ttlMs: 60_000 });
 * await cache.deleteByPrefix('open:');
 * ```
 */
export class RedisCache extends JsonCache {
  /** The prefix of every key of this cache: `{keyPrefix}cache:{namespace}:`. */
  readonly keyspace: string;
  private readonly scanCount: number;

  constructor(
    private readonly redis: RedisClient,
    options: RedisCacheOptions = {},
  ) {
    super(options);
    this.keyspace = `${options.keyPrefix ?? 'baltra:'}cache:${this.namespace}:`;
    this.scanCount = options.scanCount ?? DEFAULT_SCAN_COUNT;
    if (!Number.isSafeInteger(this.scanCount) || this.scanCount < 1) {
      throw new InvalidCacheOptionError('scanCount', options.scanCount, 'a whole number ≥ 1');
    }
  }

  protected async readEntry(key: string): Promise<string | undefined> {
    const redisKey = this.keyspace + key;
    try {
      return (await this.redis.get(redisKey)) ?? undefined;
    } catch (error) {
      throw translateRedisError(error, 'cache GET', redisKey);
    }
  }

  protected async writeEntry(key: string, json: string, ttlMs: number): Promise<void> {
    const redisKey = this.keyspace + key;
    try {
      await this.redis.set(redisKey, json, 'PX', ttlMs);
    } catch (error) {
      throw translateRedisError(error, 'cache SET', redisKey);
    }
  }

  async delete(key: string): Promise<boolean> {
    const redisKey = this.keyspace + key;
    try {
      return (await this.redis.unlink(redisKey)) > 0;
    } catch (error) {
      throw translateRedisError(error, 'cache UNLINK', redisKey);
    }
  }

  async deleteByPrefix(prefix: string): Promise<number> {
    const pattern = `${escapeGlob(this.keyspace + prefix)}*`;
    let cursor = '0';
    let deleted = 0;
    try {
      do {
        const [next, keys] = await this.redis.scan(
          cursor,
          'MATCH',
          pattern,
          'COUNT',
          this.scanCount,
        );
        cursor = next;
        // SCAN may return a key twice; UNLINK counts only the keys it removed.
        if (keys.length > 0) deleted += await this.redis.unlink(...keys);
      } while (cursor !== '0');
    } catch (error) {
      throw translateRedisError(error, 'cache SCAN/UNLINK', pattern);
    }
    return deleted;
  }
}

/** `text` as a SCAN/KEYS glob that matches only itself. */
function escapeGlob(text: string): string {
  return text.replace(/[\\*?[\]]/g, '\\$&');
}
