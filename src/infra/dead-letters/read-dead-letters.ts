import type { MessageQueue } from '../../shared/messaging/message-queue.js';
import type { DeadLetterMessage } from './dead-letter-message.js';
import { isPeekable } from './peekable-queue.js';
import { releaseMessages } from './release-messages.js';
import { toDeadLetterMessage } from './to-dead-letter-message.js';
import { withQueueNotFound } from './with-queue-not-found.js';

const STALE_BATCHES = 3;

/** How {@link readDeadLetters} reads a dead-letter queue. */
export interface ReadDeadLettersOptions {
  /** Read at most this many messages. */
  readonly limit: number;
  /** Use the adapter's `peek` when it has one (nothing received, nothing counted). */
  readonly peek: boolean;
  /** How long received messages stay hidden while the read lasts. */
  readonly visibilityTimeoutSeconds: number;
  /** Long poll of each receive: how long an empty queue is waited on before the read ends. */
  readonly waitTimeSeconds: number;
  /** Stop reading at the first message it accepts. */
  readonly stopAt?: (message: DeadLetterMessage) => boolean;
}

/** What {@link readDeadLetters} read, and whether that was the whole queue. */
export interface DeadLettersRead {
  readonly messages: readonly DeadLetterMessage[];
  readonly complete: boolean;
}

/**
 * Reads a dead-letter queue without taking anything off it: through the adapter's `peek` when
 * it has one, else by receiving with a visibility timeout (each message once, by id) and
 * making every received message visible again at the end, whatever happened. Never deletes.
 *
 * @example
 * ```ts
 * const { messages } = await readDeadLetters(queue, 'leads-dlq', {
 *   limit: 100, peek: true, visibilityTimeoutSeconds: 30, waitTimeSeconds: 1,
 * });
 * ```
 */
export function readDeadLetters(
  queue: MessageQueue,
  name: string,
  options: ReadDeadLettersOptions,
): Promise<DeadLettersRead> {
  return withQueueNotFound(name, async () => {
    if (options.peek && isPeekable(queue)) {
      const peeked = await queue.peek(name, options.limit + 1);
      return {
        messages: peeked.slice(0, options.limit).map((message) => toDeadLetterMessage(message)),
        complete: peeked.length <= options.limit,
      };
    }
    return receiveAll(queue, name, options);
  });
}

async function receiveAll(
  queue: MessageQueue,
  name: string,
  options: ReadDeadLettersOptions,
): Promise<DeadLettersRead> {
  const handles = new Map<string, string>();
  const messages: DeadLetterMessage[] = [];
  let stale = 0;
  try {
    while (messages.length < options.limit) {
      const batch = await queue.receive(name, {
        maxMessages: Math.min(10, options.limit - messages.length),
        visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
        waitTimeSeconds: options.waitTimeSeconds,
      });
      if (batch.length === 0) return { messages, complete: true };
      // Every handle first: a read that stops at a message must still release the whole batch.
      const fresh = batch.filter((message) => !handles.has(message.messageId));
      for (const message of batch) handles.set(message.messageId, message.receiptHandle);
      for (const message of fresh) {
        const dead = toDeadLetterMessage(message);
        messages.push(dead);
        if (options.stopAt?.(dead)) return { messages, complete: false };
      }
      // Only messages read already, back after their visibility timeout: a few such batches
      // in a row mean the whole queue has been seen.
      stale = fresh.length === 0 ? stale + 1 : 0;
      if (stale >= STALE_BATCHES) return { messages, complete: true };
    }
    return { messages, complete: false };
  } finally {
    await releaseMessages(queue, name, [...handles.values()]);
  }
}
