import type { MessageAttributeValue } from '../../../shared/messaging/message-queue.js';
import { handOutTypedAttributes } from './copy-attributes.js';
import type { QueuedMessage } from './queued-message.js';

/** How many messages of a queue are in each state (SQS's approximate counts, exact here). */
export interface QueueDepth {
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
  readonly total: number;
}

/** A stored message as the inspection helpers show it. */
export interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  /** The String and Number attributes. */
  readonly attributes: Readonly<Record<string, string>>;
  /** Every attribute with its data type, Binary ones included (binary values are copies). */
  readonly typedAttributes: Readonly<Record<string, MessageAttributeValue>>;
  /** Deliveries so far (kept when the message moves to a dead-letter queue, as SQS does). */
  readonly receiveCount: number;
  readonly sentAt: Date;
  readonly state: 'visible' | 'in_flight' | 'delayed';
  readonly groupId?: string;
  readonly deduplicationId?: string;
}

/**
 * What the inspection helpers (`peek`, `drain`) show of a queued message.
 *
 * @example
 * ```ts
 * const shown = [...queue.messages.values()].map(toStoredMessage);
 * ```
 */
export function toStoredMessage(message: QueuedMessage): StoredMessage {
  return {
    messageId: message.id,
    body: message.body,
    attributes: message.attributes,
    typedAttributes: handOutTypedAttributes(message.typedAttributes),
    receiveCount: message.receiveCount,
    sentAt: new Date(message.sentAt),
    state:
      message.state === 'in_flight'
        ? 'in_flight'
        : message.state === 'delayed'
          ? 'delayed'
          : 'visible',
    ...(message.groupId === undefined ? {} : { groupId: message.groupId }),
    ...(message.deduplicationId === undefined ? {} : { deduplicationId: message.deduplicationId }),
  };
}
