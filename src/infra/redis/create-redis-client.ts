import { loadIoRedis } from './load-ioredis.js';
import type { RedisClient } from './redis-client.js';
import type { RedisSettings } from './redis-settings.js';

/** Options of {@link createRedisClient}. */
export interface CreateRedisClientOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). */
  readonly url: string;
  /** How long one connection attempt may take; default 5,000 ms. */
  readonly connectTimeoutMs?: number;
  /** How long one command may take before it fails as `REDIS_UNAVAILABLE`; default 5,000 ms. */
  readonly commandTimeoutMs?: number;
  /**
   * How many reconnections a command waits through before it fails (ioredis
   * `maxRetriesPerRequest`); default 3. The client itself reconnects for as long as it lives.
   */
  readonly maxRetries?: number;
  /** The connection's name in `CLIENT LIST`; default `baltra`. */
  readonly connectionName?: string;
}

/**
 * Opens an `ioredis` client from a URL or the Redis settings: reconnects with capped
 * exponential back-off (50 ms … 2 s) for as long as it lives, fails a command after
 * `maxRetries` reconnections or `commandTimeoutMs`, and resolves once the connection is ready
 * (rejects with a `RedisError` naming host and port, never the password, when it is not
 * within `connectTimeoutMs`). Close it with `client.quit()`.
 *
 * @example
 * ```ts
 * const redis = await createRedisClient({ url: 'redis://127.0.0.1:6379/0' });
 * const queue = new RedisMessageQueue(redis);
 * ```
 */
export async function createRedisClient(
  options: CreateRedisClientOptions | RedisSettings,
): Promise<RedisClient> {
  const resolved = 'redisUrl' in options ? fromSettings(options) : options;
  const { Redis } = await loadIoRedis();
  const client = new Redis(resolved.url, {
    connectTimeout: resolved.connectTimeoutMs ?? 5_000,
    commandTimeout: resolved.commandTimeoutMs ?? 5_000,
    maxRetriesPerRequest: resolved.maxRetries ?? 3,
    connectionName: resolved.connectionName ?? 'baltra',
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2_000),
    lazyConnect: true,
  });
  // Without a listener ioredis prints every reconnection error to stderr; commands report them.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    const { RedisError } = await import('./redis-error.js');
    throw new RedisError(
      'REDIS_UNAVAILABLE',
      `Redis at ${describeRedisUrl(resolved.url)} did not accept a connection: ${
        error instanceof Error ? error.message : String(error)
      }`,
      { context: { server: describeRedisUrl(resolved.url) } },
    );
  }
  return client;
}

/**
 * `host:port/db` of a Redis URL, without user name or password, for messages and logs.
 *
 * @example
 * ```ts
 * describeRedisUrl('redis://app:secret@cache:6380/2'); // 'cache:6380/2'
 * ```
 */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const db = parsed.pathname.replace(/^\//, '') || '0';
    return `${parsed.hostname}:${parsed.port || '6379'}/${db}`;
  } catch {
    return '(unparseable URL)';
  }
}

function fromSettings(settings: RedisSettings): CreateRedisClientOptions {
  return {
    url: settings.redisUrl,
    connectTimeoutMs: settings.redisConnectTimeoutMs,
    commandTimeoutMs: settings.redisCommandTimeoutMs,
    maxRetries: settings.redisMaxRetries,
  };
}
