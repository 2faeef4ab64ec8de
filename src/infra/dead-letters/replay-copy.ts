import type {
  MessageAttributeValue,
  OutgoingMessage,
} from '../../shared/messaging/message-queue.js';
import { LEGACY_DEAD_LETTER_ATTRIBUTES } from '../worker/dead-letter-record.js';
import type { DeadLetterMessage } from './dead-letter-message.js';

const LEGACY_NAMES: ReadonlySet<string> = new Set(Object.values(LEGACY_DEAD_LETTER_ATTRIBUTES));

/**
 * The message a replay sends back: the body byte for byte (so its action id, and the
 * idempotency it buys, stay), the user's attributes with those moved into the record put back,
 * and no dead-letter record of either format. On a FIFO target it keeps its group (or its
 * tenant's) and is deduplicated by the dead letter's id, so replaying the same dead letter
 * twice within SQS's 5 minutes sends it once.
 *
 * @example
 * ```ts
 * await queue.send('leads', [replayCopy(deadLetter, 'leads')]);
 * ```
 */
export function replayCopy(message: DeadLetterMessage, target: string): OutgoingMessage {
  const typedAttributes: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(message.typedAttributes)) {
    if (!LEGACY_NAMES.has(name)) typedAttributes[name] = value;
  }
  for (const [name, moved] of Object.entries(message.record?.moved_attributes ?? {})) {
    typedAttributes[name] =
      moved.binary_value === undefined
        ? { dataType: moved.data_type, stringValue: moved.string_value ?? '' }
        : {
            dataType: moved.data_type,
            binaryValue: new Uint8Array(Buffer.from(moved.binary_value, 'base64')),
          };
  }
  return {
    id: message.messageId,
    body: message.body,
    typedAttributes,
    ...(target.endsWith('.fifo') && {
      groupId: message.groupId ?? message.record?.tenant_id ?? 'replayed',
      deduplicationId: message.messageId,
    }),
  };
}
