import type { MessageQueue } from '../../shared/messaging/message-queue.js';
import type { ReadableMessage } from './to-dead-letter-message.js';

/**
 * A queue that can show its messages without receiving them (`InMemoryMessageQueue.peek`,
 * `RedisMessageQueue.peek`); the dead-letter tools read through it when the adapter has it.
 */
export interface PeekableQueue {
  peek(
    queue: string,
    count?: number,
  ): readonly ReadableMessage[] | Promise<readonly ReadableMessage[]>;
}

/** A queue that can count its messages (`depth(queue).total`). */
export interface CountableQueue {
  depth(queue: string): { readonly total: number } | Promise<{ readonly total: number }>;
}

/**
 * Whether an adapter has `peek`.
 *
 * @example
 * ```ts
 * const messages = isPeekable(queue) ? await queue.peek('leads-dlq', 100) : [];
 * ```
 */
export function isPeekable(queue: MessageQueue): queue is MessageQueue & PeekableQueue {
  return typeof (queue as Partial<PeekableQueue>).peek === 'function';
}

/**
 * How many messages a queue holds when the adapter can count them (memory, Redis), else
 * `undefined` (SQS: ask `GetQueueAttributes` yourself).
 *
 * @example
 * ```ts
 * const total = await countMessages(queue, 'leads-dlq'); // 12, or undefined
 * ```
 */
export async function countMessages(
  queue: MessageQueue,
  name: string,
): Promise<number | undefined> {
  const depth = (queue as Partial<CountableQueue>).depth;
  if (typeof depth !== 'function') return undefined;
  try {
    return (await depth.call(queue, name)).total;
  } catch {
    return undefined;
  }
}
