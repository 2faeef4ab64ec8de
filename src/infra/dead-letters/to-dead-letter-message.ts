import type {
  MessageAttributeValue,
  ReceivedMessage,
} from '../../shared/messaging/message-queue.js';
import { type DeadLetterRecord, readDeadLetterRecord } from '../worker/dead-letter-record.js';
import { receivedAttributes } from '../worker/fit-message-copy.js';
import type { DeadLetterMessage } from './dead-letter-message.js';

/** A message as `receive` or an adapter's `peek` gives it (Redis adds its redrive record). */
export type ReadableMessage = Pick<
  ReceivedMessage,
  'messageId' | 'body' | 'sentAt' | 'attributes'
> & {
  readonly groupId?: string | undefined;
  readonly typedAttributes?: Readonly<Record<string, MessageAttributeValue>> | undefined;
  /** `RedisMessageQueue.peek`: the record of a message the queue itself moved. */
  readonly deadLetter?: unknown;
};

/**
 * The dead-letter view of a received or peeked message: its record read from its attributes
 * (either format) or, failing that, from the broker's own redrive record.
 *
 * @example
 * ```ts
 * const dead = (await queue.receive('leads-dlq')).map((message) => toDeadLetterMessage(message));
 * ```
 */
export function toDeadLetterMessage(
  message: ReadableMessage,
  brokerRecord?: DeadLetterRecord,
): DeadLetterMessage {
  const record = readDeadLetterRecord(message) ?? brokerRecord ?? asRecord(message.deadLetter);
  const typedAttributes = receivedAttributes(message);
  return {
    messageId: message.messageId,
    body: message.body,
    sentAt: message.sentAt,
    ...(message.groupId === undefined ? {} : { groupId: message.groupId }),
    typedAttributes,
    ...(record === undefined ? {} : { record }),
  };
}

function asRecord(value: unknown): DeadLetterRecord | undefined {
  return typeof value === 'object' && value !== null && 'reason' in value
    ? (value as DeadLetterRecord)
    : undefined;
}
