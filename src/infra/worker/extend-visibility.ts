import type { Logger } from '../../shared/logging/logger.js';
import type { MessageQueue } from '../../shared/messaging/message-queue.js';
import { toActionFailure } from './action-failure.js';
import type { HeldMessage, PolledQueue } from './held-message.js';

/**
 * The worker's heartbeat: keeps every held message (running or waiting) whose visibility
 * runs out before `horizon` invisible for `visibilitySeconds` more, one batched call per
 * queue. A failed call is logged; the messages may come back and their replay is a no-op.
 *
 * @example
 * ```ts
 * await extendVisibility(queue, held, { horizon: Date.now() + 20_000, visibilitySeconds: 30, logger });
 * ```
 */
export async function extendVisibility(
  queue: MessageQueue,
  held: readonly HeldMessage[],
  options: {
    readonly horizon: number;
    readonly visibilitySeconds: number;
    readonly logger: Logger;
  },
): Promise<void> {
  const byQueue = new Map<PolledQueue, HeldMessage[]>();
  for (const entry of held) {
    if (entry.settled || entry.visibleUntil > options.horizon) continue;
    const list = byQueue.get(entry.queue) ?? [];
    list.push(entry);
    byQueue.set(entry.queue, list);
  }
  for (const [polled, entries] of byQueue) {
    const visibleUntil = Date.now() + options.visibilitySeconds * 1000;
    try {
      await queue.changeVisibility(
        polled.name,
        entries.map((entry) => ({
          receiptHandle: entry.message.receiptHandle,
          timeoutSeconds: options.visibilitySeconds,
        })),
      );
      for (const entry of entries) entry.visibleUntil = visibleUntil;
    } catch (error) {
      options.logger.warn('visibility heartbeat failed', {
        queue: polled.name,
        error: toActionFailure(error),
      });
    }
  }
}
