import type { RedisClient } from '../redis-client.js';
import { translateRedisError } from '../translate-redis-error.js';
import type { RedisQueueKeys } from './redis-queue-keys.js';

/** How many messages a Redis queue holds, by state (as `InMemoryMessageQueue.depth`). */
export interface RedisQueueDepth {
  /** Waiting in the stream: not in flight (FIFO entries parked behind their group's head too). */
  readonly visible: number;
  /** Delivered and not yet acknowledged (their visibility timeout may have ended). */
  readonly inFlight: number;
  /** Sent with a delay (or deferred for a retry) and not due yet. */
  readonly delayed: number;
  readonly total: number;
}

/**
 * Reads a queue's depth in one `MULTI` (a consistent snapshot): the stream's length
 * (acknowledged entries are deleted from it), the in-flight and delayed sets. `null` when the
 * queue does not exist.
 *
 * @example
 * ```ts
 * const depth = await readRedisQueueDepth(redis, redisQueueKeys('baltra:', 'leads'));
 * ```
 */
export async function readRedisQueueDepth(
  client: RedisClient,
  keys: RedisQueueKeys,
): Promise<RedisQueueDepth | null> {
  let replies: [Error | null, unknown][] | null;
  try {
    replies = await client
      .multi()
      .exists(keys.meta)
      .xlen(keys.stream)
      .zcard(keys.inFlight)
      .zcard(keys.delayed)
      .exec();
  } catch (error) {
    throw translateRedisError(error, 'depth', keys.stream);
  }
  const failed = replies?.find(([error]) => error !== null)?.[0];
  if (!replies || failed) throw translateRedisError(failed ?? 'transaction aborted', 'depth');
  const [exists, length, inFlight, delayed] = replies.map(([, value]) => Number(value));
  if (exists === 0) return null;
  const stream = length ?? 0;
  const flying = Math.min(inFlight ?? 0, stream);
  const waiting = delayed ?? 0;
  return { visible: stream - flying, inFlight: flying, delayed: waiting, total: stream + waiting };
}
