import type { MessageAttributeValue as SqsMessageAttributeValue } from '@aws-sdk/client-sqs';
import { mergeMessageAttributes } from '../../shared/messaging/merge-message-attributes.js';
import type { OutgoingMessage } from '../../shared/messaging/message-queue.js';

/** One entry of a `SendMessageBatch` request, as the SDK takes it. */
export interface SendMessageEntry {
  readonly Id: string;
  readonly MessageBody: string;
  readonly DelaySeconds?: number;
  readonly MessageGroupId?: string;
  readonly MessageDeduplicationId?: string;
  readonly MessageAttributes?: Record<string, SqsMessageAttributeValue>;
}

/**
 * The `SendMessageBatch` entry of a message: `attributes` become `String` message
 * attributes, `typedAttributes` keep their data type (`StringValue` for String and Number
 * types, `BinaryValue` for Binary ones) and win over a plain attribute of the same name.
 *
 * @example
 * ```ts
 * new SendMessageBatchCommand({ QueueUrl, Entries: chunk.map(({ value }, i) => toSendMessageEntry(value, String(i))) });
 * ```
 */
export function toSendMessageEntry(message: OutgoingMessage, id: string): SendMessageEntry {
  const entry: { -readonly [K in keyof SendMessageEntry]: SendMessageEntry[K] } = {
    Id: id,
    MessageBody: message.body,
  };
  if (message.delaySeconds !== undefined) entry.DelaySeconds = message.delaySeconds;
  if (message.groupId !== undefined) entry.MessageGroupId = message.groupId;
  if (message.deduplicationId !== undefined) {
    entry.MessageDeduplicationId = message.deduplicationId;
  }
  const attributes = Object.entries(mergeMessageAttributes(message));
  if (attributes.length > 0) {
    entry.MessageAttributes = {};
    for (const [name, value] of attributes) {
      entry.MessageAttributes[name] =
        value.binaryValue === undefined
          ? { DataType: value.dataType, StringValue: value.stringValue }
          : { DataType: value.dataType, BinaryValue: value.binaryValue };
    }
  }
  return entry;
}
