import type { MessageQueue } from '../../shared/messaging/message-queue.js';

/**
 * Makes received messages visible again now (visibility timeout 0). Best effort: a message
 * whose release fails becomes visible anyway when its visibility timeout ends, so a failure
 * here loses nothing and is not thrown (it would hide the error that ended the read).
 *
 * @example
 * ```ts
 * await releaseMessages(queue, 'leads-dlq', messages.map((message) => message.receiptHandle));
 * ```
 */
export async function releaseMessages(
  queue: MessageQueue,
  name: string,
  receiptHandles: readonly string[],
): Promise<number> {
  if (receiptHandles.length === 0) return 0;
  try {
    const outcome = await queue.changeVisibility(
      name,
      receiptHandles.map((receiptHandle) => ({ receiptHandle, timeoutSeconds: 0 })),
    );
    return outcome.succeeded.length;
  } catch {
    return 0;
  }
}
