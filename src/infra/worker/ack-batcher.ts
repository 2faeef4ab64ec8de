import type { Logger } from '../../shared/logging/logger.js';
import type { MessageQueue } from '../../shared/messaging/message-queue.js';
import { toActionFailure } from './action-failure.js';

const MAX_BATCH = 10;

/**
 * Acknowledges (deletes) a queue's messages in batches of 10: a full batch goes at once, a
 * partial one after `flushMs` — or, while a delete is still on its way, once that delete has
 * answered (as Nagle's algorithm does), so that on a broker with real round trips the batches
 * fill up instead of many small deletes being in flight. A failed acknowledgement is logged,
 * not thrown: the message comes back and its unit of work makes the replay a no-op.
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
  private inFlight = 0;
  /** The linger ran out while a delete was on its way: send the partial batch on its answer. */
  private due = false;

  constructor(
    private readonly queue: MessageQueue,
    private readonly queueName: string,
    private readonly flushMs: number,
    private readonly logger: () => Logger,
  ) {}

  add(receiptHandle: string): void {
    this.pending.push(receiptHandle);
    if (this.pending.length >= MAX_BATCH) {
      void this.send(this.pending.splice(0, MAX_BATCH));
    } else if (this.timer === undefined && !this.due) {
      this.timer = setTimeout(() => this.lingered(), this.flushMs);
    }
  }

  /** Sends everything pending now (shutdown). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.due = false;
    while (this.pending.length > 0) await this.send(this.pending.splice(0, MAX_BATCH));
  }

  private lingered(): void {
    this.timer = undefined;
    if (this.pending.length === 0) return;
    if (this.inFlight > 0) {
      this.due = true;
      return;
    }
    void this.send(this.pending.splice(0, MAX_BATCH));
  }

  private async send(handles: string[]): Promise<void> {
    this.inFlight += 1;
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
    } finally {
      this.inFlight -= 1;
      if (this.due) {
        this.due = false;
        if (this.pending.length > 0) void this.send(this.pending.splice(0, MAX_BATCH));
      }
    }
  }
}
