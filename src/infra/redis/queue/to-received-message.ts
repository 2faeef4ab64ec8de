import type { ReceivedMessage } from '../../../shared/messaging/message-queue.js';
import { decodeQueueEntry } from './decode-queue-entry.js';
import { receiptHandleOf } from './parse-receipt-handle.js';

/** A message as receive.lua answers it: entry id, delivery count, the entry's fields. */
export type WireMessage = readonly [string, number, readonly string[]];

/**
 * The `ReceivedMessage` of one delivery: its receipt handle names the entry and the delivery
 * count, which is also its `receiveCount`.
 *
 * @example
 * ```ts
 * const messages = wire.map(toReceivedMessage);
 * ```
 */
export function toReceivedMessage([entryId, deliveries, fields]: WireMessage): ReceivedMessage {
  const entry = decodeQueueEntry(entryId, fields);
  return {
    messageId: entry.messageId,
    receiptHandle: receiptHandleOf(entryId, deliveries),
    body: entry.body,
    receiveCount: deliveries,
    sentAt: entry.sentAt,
    ...(entry.groupId === undefined ? {} : { groupId: entry.groupId }),
    attributes: entry.attributes,
    typedAttributes: entry.typedAttributes,
  };
}
