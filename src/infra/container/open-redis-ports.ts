import type { LockManager } from '../../domain/ports/lock-manager.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';
import type { Cache } from '../../shared/caching/cache.js';
import type { HealthCheck } from '../../shared/health/health-check.js';
import type { MessageQueue } from '../../shared/messaging/message-queue.js';
import type { RateLimiter } from '../../shared/messaging/rate-limiter.js';
import { RedisCache } from '../redis/cache/redis-cache.js';
import { createRedisClient } from '../redis/create-redis-client.js';
import { RedisIdempotencyStore } from '../redis/idempotency/redis-idempotency-store.js';
import { RedisIdempotentUnitOfWork } from '../redis/idempotency/redis-idempotent-unit-of-work.js';
import { RedisLockManager } from '../redis/locks/redis-lock-manager.js';
import { RedisMessageQueue } from '../redis/queue/redis-message-queue.js';
import { RedisRateLimiter } from '../redis/rate-limits/redis-rate-limiter.js';
import { redisPingCheck } from '../redis/redis-ping-check.js';
import { REDIS_PORTS, type RedisPort, readRedisSettings } from '../redis/redis-settings.js';
import type { RedisPortsOption } from './redis-ports-option.js';

/** The adapters `bootstrap` puts on Redis, and how to close them. */
export interface RedisPorts {
  readonly ports: ReadonlySet<RedisPort>;
  readonly health: HealthCheck;
  readonly messageQueue?: MessageQueue;
  readonly cache?: Cache;
  readonly lockManager?: LockManager & { releaseAll(): Promise<void> };
  readonly rateLimiter?: RateLimiter;
  /** Wraps the app's unit of work when idempotency lives on Redis. */
  wrapUnitOfWork(unitOfWork: UnitOfWork): UnitOfWork;
  /** Releases held locks, ends long polls and closes the client. */
  close(): Promise<void>;
}

/**
 * Opens the Redis client and the adapters of the chosen ports (loaded by `bootstrap` only when
 * some port is on Redis, so the composition root never loads Redis code otherwise). Returns
 * `undefined` when no port is chosen.
 *
 * @example
 * ```ts
 * const redis = await openRedisPorts({ ports: ['locks'] });
 * ```
 */
export async function openRedisPorts(option: RedisPortsOption): Promise<RedisPorts | undefined> {
  const settings =
    option.settings ??
    (option.url === undefined
      ? readRedisSettings().get()
      : readRedisSettings({ env: { BALTRA_REDIS_URL: option.url } }).get());
  const chosen = option.ports ?? settings.redisPorts;
  const ports = new Set<RedisPort>(chosen === 'all' ? REDIS_PORTS : chosen);
  if (ports.size === 0) return undefined;
  const client = await createRedisClient(settings);
  const keyPrefix = settings.redisKeyPrefix;
  const messageQueue = ports.has('broker')
    ? new RedisMessageQueue(client, { keyPrefix })
    : undefined;
  const lockManager = ports.has('locks') ? new RedisLockManager(client, { keyPrefix }) : undefined;
  const idempotency = ports.has('idempotency')
    ? new RedisIdempotencyStore(client, { keyPrefix })
    : undefined;
  let closed: Promise<void> | undefined;
  return {
    ports,
    health: redisPingCheck(client),
    ...(messageQueue && { messageQueue }),
    ...(ports.has('cache') && { cache: new RedisCache(client, { keyPrefix }) }),
    ...(lockManager && { lockManager }),
    ...(ports.has('rateLimits') && { rateLimiter: new RedisRateLimiter(client, { keyPrefix }) }),
    wrapUnitOfWork: (unitOfWork) =>
      idempotency ? new RedisIdempotentUnitOfWork(unitOfWork, idempotency) : unitOfWork,
    close() {
      closed ??= (async () => {
        await lockManager?.releaseAll().catch(() => undefined);
        messageQueue?.close();
        await client.quit().catch(() => client.disconnect());
      })();
      return closed;
    },
  };
}
