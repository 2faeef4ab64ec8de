import type { MessageAttributeValue } from '../../../shared/messaging/message-queue.js';
import type { Scheduled } from './visibility-schedule.js';

/** Where a message is: visible, hidden after a delivery, hidden by a delay, or out. */
export type MessageState = 'ready' | 'in_flight' | 'delayed' | 'gone';

/**
 * A message held by an in-memory queue, with the bookkeeping of the structures that hold it
 * (ready list, FIFO group, visibility schedule).
 *
 * @example
 * ```ts
 * if (message.state === 'in_flight' && message.receiptHandle === handle) queue.remove(message);
 * ```
 */
export interface QueuedMessage extends Scheduled {
  /** Process-wide serial number: the key in the queue's map and the start of receipt handles. */
  readonly key: number;
  readonly id: string;
  readonly body: string;
  /** The String and Number attributes (the port's `attributes`). */
  readonly attributes: Readonly<Record<string, string>>;
  /** Every attribute with its data type; binary values are the queue's own copies. */
  readonly typedAttributes: Readonly<Record<string, MessageAttributeValue>>;
  readonly sentAt: number;
  readonly groupId: string | undefined;
  readonly deduplicationId: string | undefined;
  receiveCount: number;
  receiptHandle: string | undefined;
  state: MessageState;
  /** Entries of this message in the ready list: only the last one is live. */
  readyRefs: number;
}
