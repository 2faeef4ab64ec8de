import { createHash } from 'node:crypto';
import { messageBytes } from '../../shared/messaging/message-bytes.js';
import type {
  MessageAttributeValue,
  MessageQueueLimits,
  ReceivedMessage,
} from '../../shared/messaging/message-queue.js';
import {
  DEAD_LETTER_ATTRIBUTE,
  type DeadLetterRecord,
  type MovedAttribute,
} from './dead-letter-record.js';

/** The parts of a copy: its body and every attribute with its type. */
export interface MessageCopy {
  readonly body: string;
  readonly typedAttributes: Readonly<Record<string, MessageAttributeValue>>;
}

const ERROR_MESSAGE_FLOOR = 200;

/**
 * Every attribute of a received message with its type (Binary ones included), without the
 * dead-letter record of an earlier trip to a dead-letter queue.
 *
 * @example
 * ```ts
 * const attributes = receivedAttributes(message); // { tenant: { dataType: 'String', stringValue: 'acme' }, … }
 * ```
 */
export function receivedAttributes(message: {
  readonly attributes: ReceivedMessage['attributes'];
  readonly typedAttributes?: ReceivedMessage['typedAttributes'] | undefined;
}): Record<string, MessageAttributeValue> {
  const all: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(message.attributes)) {
    all[name] = { dataType: 'String', stringValue: value };
  }
  Object.assign(all, message.typedAttributes);
  delete all[DEAD_LETTER_ATTRIBUTE];
  return all;
}

/**
 * A dead-letter copy that fits the broker: the record as one attribute; the message's own
 * attributes kept while the attribute count allows and moved into the record beyond it; then,
 * only while the bytes do not fit, moved attributes dropped (names noted), kept attributes
 * dropped largest first, the error message cut, and — the last resort, dead letters only —
 * the body cut to its first bytes with its size and SHA-256 in the record.
 *
 * @example
 * ```ts
 * const copy = fitDeadLetterCopy(message.body, receivedAttributes(message), record, SQS_MESSAGE_LIMITS);
 * await queue.send('leads-dlq', [copy]);
 * ```
 */
export function fitDeadLetterCopy(
  body: string,
  attributes: Readonly<Record<string, MessageAttributeValue>>,
  record: DeadLetterRecord,
  limits: MessageQueueLimits | undefined,
): MessageCopy {
  const room = Math.max(0, (limits?.maxAttributes ?? Number.POSITIVE_INFINITY) - 1);
  const kept: Record<string, MessageAttributeValue> = {};
  const moved: Record<string, MovedAttribute> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (Object.keys(kept).length < room) kept[name] = value;
    else moved[name] = toMoved(value);
  }
  let draft: DeadLetterRecord = {
    ...record,
    ...(Object.keys(moved).length > 0 && { moved_attributes: moved }),
  };
  let copyBody = body;
  const build = (): MessageCopy => ({
    body: copyBody,
    typedAttributes: {
      ...kept,
      [DEAD_LETTER_ATTRIBUTE]: { dataType: 'String', stringValue: JSON.stringify(draft) },
    },
  });
  const maxBytes = limits?.maxMessageBytes;
  const fits = () => maxBytes === undefined || messageBytes(build()) <= maxBytes;
  const dropped: string[] = [];
  if (!fits() && draft.moved_attributes) {
    dropped.push(...Object.keys(moved));
    const { moved_attributes: _, ...rest } = draft;
    draft = { ...rest, dropped_attributes: dropped };
  }
  const bySize = Object.entries(kept).sort((a, b) => valueBytes(b[1]) - valueBytes(a[1]));
  for (const [name] of bySize) {
    if (fits()) break;
    delete kept[name];
    dropped.push(name);
    draft = { ...draft, dropped_attributes: dropped };
  }
  if (!fits() && draft.error_message.length > ERROR_MESSAGE_FLOOR) {
    draft = {
      ...draft,
      error_message: `${draft.error_message.slice(0, ERROR_MESSAGE_FLOOR - 1)}…`,
    };
  }
  if (!fits() && maxBytes !== undefined) {
    const original = Buffer.from(body, 'utf8');
    draft = {
      ...draft,
      body_truncated: {
        original_bytes: original.byteLength,
        sha256: createHash('sha256').update(original).digest('hex'),
      },
    };
    copyBody = '';
    const spare = Math.max(0, maxBytes - messageBytes(build()));
    copyBody = utf8Prefix(original, spare);
  }
  return build();
}

/**
 * A retry or deferral copy: the message's own attributes always (it must run as it came),
 * plus `extra` attributes only where the count and bytes allow; the names of extras left off
 * are returned so the caller can log them. The body is never cut.
 *
 * @example
 * ```ts
 * const { copy, omitted } = fitRetryCopy(message.body, receivedAttributes(message), { 'baltra.deferrals': '2' }, limits);
 * ```
 */
export function fitRetryCopy(
  body: string,
  attributes: Readonly<Record<string, MessageAttributeValue>>,
  extra: Readonly<Record<string, string>>,
  limits: MessageQueueLimits | undefined,
): { readonly copy: MessageCopy; readonly omitted: readonly string[] } {
  const typedAttributes: Record<string, MessageAttributeValue> = { ...attributes };
  const omitted: string[] = [];
  for (const [name, value] of Object.entries(extra)) {
    const candidate = { ...typedAttributes, [name]: { dataType: 'String', stringValue: value } };
    const countFits = Object.keys(candidate).length <= (limits?.maxAttributes ?? Infinity);
    const bytesFit =
      limits === undefined ||
      messageBytes({ body, typedAttributes: candidate }) <= limits.maxMessageBytes;
    if (countFits && bytesFit) Object.assign(typedAttributes, { [name]: candidate[name] });
    else omitted.push(name);
  }
  return { copy: { body, typedAttributes }, omitted };
}

function toMoved(value: MessageAttributeValue): MovedAttribute {
  return value.binaryValue === undefined
    ? { data_type: value.dataType, string_value: value.stringValue }
    : {
        data_type: value.dataType,
        binary_value: Buffer.from(value.binaryValue).toString('base64'),
      };
}

function valueBytes(value: MessageAttributeValue): number {
  return value.binaryValue === undefined
    ? Buffer.byteLength(value.stringValue, 'utf8')
    : value.binaryValue.byteLength;
}

/** The longest prefix of `bytes` of at most `max` bytes that ends on a character boundary. */
function utf8Prefix(bytes: Buffer, max: number): string {
  let end = Math.min(max, bytes.byteLength);
  // Back off continuation bytes (10xxxxxx) so no character is cut in half.
  while (end > 0 && end < bytes.byteLength && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}
