import type { RedisPort, RedisSettings } from '../redis/redis-settings.js';

/**
 * Which ports of the app live on Redis, and where Redis is. `bootstrap({ redis })` opens one
 * client for them (closed by `app.close()`) and binds: `broker` → `TOKENS.MessageQueue`
 * (`RedisMessageQueue`), `cache` → `TOKENS.Cache` (`RedisCache`), `locks` →
 * `TOKENS.LockManager` (`RedisLockManager`), `rateLimits` → `TOKENS.RateLimiter`
 * (`RedisRateLimiter`), `idempotency` → the unit of work's `idempotency` repository
 * (`RedisIdempotentUnitOfWork` over the SQL or in-memory unit of work). Ports left out keep
 * their defaults; `overrides` still win.
 *
 * @example
 * ```ts
 * const app = await bootstrap({ redis: { url: 'redis://cache:6379/0', ports: ['broker', 'locks'] } });
 * const queue = app.get(TOKENS.MessageQueue); // RedisMessageQueue
 * ```
 */
export interface RedisPortsOption {
  /** The server, with the other settings at their defaults; ignored when `settings` is given. */
  readonly url?: string;
  /**
   * The Redis settings (URL, key prefix, timeouts, retries, ports); default
   * `readRedisSettings().get()`, from the `BALTRA_REDIS_*` variables (unless `url` is given).
   */
  readonly settings?: RedisSettings;
  /** The ports on Redis: a list or `'all'`; default `settings.redisPorts`. */
  readonly ports?: readonly RedisPort[] | 'all';
}
