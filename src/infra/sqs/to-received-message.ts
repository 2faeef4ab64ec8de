import type { Message } from '@aws-sdk/client-sqs';
import type {
  MessageAttributeValue,
  ReceivedMessage,
} from '../../shared/messaging/message-queue.js';

/** What every receive asks for besides the body. */
export const SYSTEM_ATTRIBUTES = [
  'ApproximateReceiveCount',
  'SentTimestamp',
  'MessageGroupId',
  'AWSTraceHeader',
] as const;

/**
 * A message of a `ReceiveMessage` answer as the port shows it: every message attribute in
 * `typedAttributes` with its data type (binary values copied into a plain `Uint8Array`), the
 * ones with a string value (String and Number types) also in `attributes`; the receive count,
 * sent time and group id from the system attributes, and `AWSTraceHeader` (X-Ray) in
 * `systemAttributes` when present.
 *
 * @example
 * ```ts
 * const messages = (output.Messages ?? []).map(toReceivedMessage);
 * ```
 */
export function toReceivedMessage(message: Message): ReceivedMessage {
  const system = message.Attributes ?? {};
  const attributes: Record<string, string> = {};
  const typedAttributes: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    if (value.BinaryValue !== undefined) {
      typedAttributes[name] = {
        dataType: value.DataType ?? 'Binary',
        binaryValue: Uint8Array.from(value.BinaryValue),
      };
    } else if (value.StringValue !== undefined) {
      typedAttributes[name] = {
        dataType: value.DataType ?? 'String',
        stringValue: value.StringValue,
      };
      attributes[name] = value.StringValue;
    }
  }
  const groupId = system.MessageGroupId;
  const traceHeader = system.AWSTraceHeader;
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    receiveCount: Number(system.ApproximateReceiveCount ?? '1'),
    sentAt: new Date(Number(system.SentTimestamp ?? Date.now())),
    ...(groupId === undefined ? {} : { groupId }),
    attributes,
    typedAttributes,
    ...(traceHeader === undefined ? {} : { systemAttributes: { AWSTraceHeader: traceHeader } }),
  };
}
