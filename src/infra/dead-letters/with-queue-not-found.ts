import { DeadLetterError } from './dead-letter-error.js';

/**
 * Runs `operation`, turning an adapter's `QUEUE_NOT_FOUND` (memory, SQS, Redis) into a
 * {@link DeadLetterError} that names the queue.
 *
 * @example
 * ```ts
 * const batch = await withQueueNotFound(dlq, () => queue.receive(dlq));
 * ```
 */
export async function withQueueNotFound<T>(queue: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'QUEUE_NOT_FOUND') {
      throw new DeadLetterError('QUEUE_NOT_FOUND', `the queue ${queue} does not exist`, {
        queue,
        cause: error,
      });
    }
    throw error;
  }
}
