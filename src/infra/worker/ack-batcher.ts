import type { Logger } from '../../shared/logging/logger.js';
import type { MessageQueue } from '../../shared/messaging/message-queue.js';
import { toActionFailure } from './action-failure.js';

const MAX_BATCH = 10;

/**
 * Acknowledges (deletes) a queue's messages in batches of 10, or after `flushMs`, whichever
 * comes first. A failed acknowledgement is logged, not thrown: the message comes back and its
 * unit of work makes the replay a no-op.
 *
 * @example
 * ```ts
 * const acks = new AckBatcher(queue, 'leads', 5, () => logger);
 * acks.add(message.receiptHandle);
 * await acks.flush(); // on shutdown
 * ```
 */
export class AckBatcher {
  private pending: string[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly queue: MessageQueue,
    private readonly queueName: string,
    private readonly flushMs: number,
    private readonly logger: () => Logger,
  ) {}

  add(receiptHandle: string): void {
    this.pending.push(receiptHandle);
    if (this.pending.length >= MAX_BATCH) {
      void this.flush();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => void this.flush(), this.flushMs);
    }
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.pending.length > 0) {
      const handles = this.pending.splice(0, MAX_BATCH);
      try {
        const outcome = await this.queue.delete(this.queueName, handles);
        for (const failed of outcome.failed) {
          this.logger().warn('acknowledgement failed', { queue: this.queueName, error: failed });
        }
      } catch (error) {
        this.logger().warn('acknowledgement failed', {
          queue: this.queueName,
          error: toActionFailure(error),
        });
      }
    }
  }
}
