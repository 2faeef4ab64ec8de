import type { Logger } from '../../shared/logging/logger.js';
import type { MessageQueue } from '../../shared/messaging/message-queue.js';
import { toActionFailure } from './action-failure.js';

/**
 * Hands back what a queue adapter received ahead of its consumer (`SqsMessageQueue` with
 * `receiveConcurrency` above 1), so that a stopping worker leaves nothing invisible until the
 * adapter's own hold expires. Queues that do not read ahead are left alone; a failure is
 * logged, the messages then come back after their hold.
 *
 * @example
 * ```ts
 * await releaseReadAhead(queue, logger); // in Worker.stop(), after polling ended
 * ```
 */
export async function releaseReadAhead(queue: MessageQueue, logger: Logger): Promise<void> {
  const readsAhead = queue as { releaseReadAhead?: () => Promise<void> };
  if (typeof readsAhead.releaseReadAhead !== 'function') return;
  try {
    await readsAhead.releaseReadAhead();
  } catch (error) {
    logger.warn('read-ahead release failed', { error: toActionFailure(error) });
  }
}
