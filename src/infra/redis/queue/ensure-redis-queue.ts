import { ConflictError } from '../../../domain/errors.js';
import { checkRange } from '../../memory/in-memory-message-queue/check-range.js';
import type { RedisClient } from '../redis-client.js';
import { redisQueueKeys } from './redis-queue-keys.js';
import { redisQueueScript } from './redis-queue-script.js';

/** What {@link ensureRedisQueue} creates. */
export interface EnsureRedisQueueOptions {
  /** FIFO queue (and DLQ); defaults to whether the name ends with `.fifo`, which FIFO names must. */
  readonly fifo?: boolean;
  /** How long a received message stays invisible; default 30 s (0–43,200). */
  readonly visibilityTimeoutSeconds?: number;
  /** FIFO queues: deduplicate by the body (SHA-1) when a message has no deduplication id. */
  readonly contentBasedDeduplication?: boolean;
  /**
   * A dead-letter queue named `queue` (created when missing, with the same type; an existing
   * one keeps its attributes): a message about to be delivered for the
   * (`maxReceiveCount` + 1)-th time moves there instead (1–1,000).
   */
  readonly deadLetter?: { readonly queue: string; readonly maxReceiveCount: number };
  /** The key prefix of the `RedisMessageQueue` that uses the queue; default `baltra:`. */
  readonly keyPrefix?: string;
}

/** What {@link ensureRedisQueue} did. */
export interface EnsuredRedisQueue {
  /** False when the queue existed (its attributes were brought in line). */
  readonly created: boolean;
  readonly deadLetterQueue?: string;
}

const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;

/**
 * Creates a queue of `RedisMessageQueue` (its attributes hash, and its stream with the consumer
 * group) and its dead-letter queue, or brings the attributes of the existing queue in line
 * (visibility timeout, dead-letter queue, content-based deduplication). Idempotent: safe at
 * every start-up. FIFO queues, and only they, are named `*.fifo`; a queue's dead-letter queue is
 * of its type. The type of an existing queue never changes: asking for the other one is a
 * `ConflictError` code `QUEUE_ALREADY_EXISTS`. Redis failures are `RedisError`s.
 *
 * @example
 * ```ts
 * await ensureRedisQueue(redis, 'leads', {
 *   visibilityTimeoutSeconds: 60,
 *   deadLetter: { queue: 'leads-dlq', maxReceiveCount: 5 },
 * });
 * ```
 */
export async function ensureRedisQueue(
  client: RedisClient,
  name: string,
  options: EnsureRedisQueueOptions = {},
): Promise<EnsuredRedisQueue> {
  const fifo = options.fifo ?? name.endsWith('.fifo');
  checkQueueName(name, fifo);
  const visibilitySeconds = options.visibilityTimeoutSeconds ?? 30;
  checkRange('visibilityTimeoutSeconds', visibilitySeconds, 0, MAX_VISIBILITY_TIMEOUT_SECONDS);
  const { deadLetter } = options;
  if (deadLetter !== undefined) {
    checkRange('deadLetter.maxReceiveCount', deadLetter.maxReceiveCount, 1, 1000);
    if (deadLetter.queue === name) throw new RangeError(`queue ${name} cannot be its own DLQ`);
    checkQueueName(deadLetter.queue, fifo, `the dead-letter queue of ${name}`);
  }
  const prefix = options.keyPrefix ?? 'baltra:';
  if (deadLetter !== undefined) {
    await createOne(client, prefix, deadLetter.queue, [
      fifo ? '1' : '0',
      '30000',
      '',
      '',
      '0',
      '1',
    ]);
  }
  const created = await createOne(client, prefix, name, [
    fifo ? '1' : '0',
    String(visibilitySeconds * 1000),
    deadLetter?.queue ?? '',
    deadLetter === undefined ? '' : String(deadLetter.maxReceiveCount),
    options.contentBasedDeduplication ? '1' : '0',
    '0',
  ]);
  return { created, ...(deadLetter === undefined ? {} : { deadLetterQueue: deadLetter.queue }) };
}

async function createOne(
  client: RedisClient,
  prefix: string,
  name: string,
  args: readonly string[],
): Promise<boolean> {
  const keys = redisQueueKeys(prefix, name);
  const outcome = await redisQueueScript('create').run<number>(
    client,
    [keys.meta, keys.stream],
    [name, ...args],
  );
  if (outcome === -1) {
    throw new ConflictError(
      `the queue ${name} exists as a ${args[0] === '1' ? 'standard' : 'FIFO'} queue`,
      { code: 'QUEUE_ALREADY_EXISTS', context: { queue: name } },
    );
  }
  return outcome === 1;
}

function checkQueueName(name: string, fifo: boolean, what = `queue ${name}`): void {
  if (name.length === 0 || /[{}\s]/.test(name)) {
    throw new RangeError(`${what}: a queue name is not empty and has no braces or spaces`);
  }
  if (fifo !== name.endsWith('.fifo')) {
    throw new RangeError(`${what}: FIFO queues, and only they, are named *.fifo`);
  }
}
