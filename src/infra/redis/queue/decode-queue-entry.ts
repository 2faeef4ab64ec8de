import type { MessageAttributeValue } from '../../../shared/messaging/message-queue.js';

/**
 * Why a queue moved a message to its dead-letter queue, kept in the copy's field `d` (the
 * worker's `baltra.dead_letter` record format): `max_receives_exceeded` after
 * `maxReceiveCount` deliveries, `malformed_entry` for a stream entry that was no message.
 */
export interface RedisDeadLetterRecord {
  readonly reason: 'max_receives_exceeded' | 'malformed_entry';
  readonly error_code: string;
  readonly error_message: string;
  readonly source_queue: string;
  readonly message_id: string;
  readonly receive_count: number;
  /** ISO 8601, server time. */
  readonly dead_lettered_at: string;
}

/** One message as a queue's stream holds it (see `RedisMessageQueue.peek`). */
export interface RedisQueueEntry {
  readonly entryId: string;
  readonly messageId: string;
  readonly body: string;
  readonly sentAt: Date;
  readonly groupId?: string;
  /** The String and Number attributes. */
  readonly attributes: Readonly<Record<string, string>>;
  /** Every attribute with its data type, Binary ones included. */
  readonly typedAttributes: Readonly<Record<string, MessageAttributeValue>>;
  /** On a dead-letter queue, for messages the source queue moved there: why. */
  readonly deadLetter?: RedisDeadLetterRecord;
}

/**
 * Reads the fields of a stream entry (`m` message id, `b` body, `t` sent time in ms, `a`
 * attributes, `g` group id, `d` dead-letter record). The receive script only hands out entries
 * it checked; whatever is missing falls back to what the entry id says.
 *
 * @example
 * ```ts
 * const entry = decodeQueueEntry('1767225600000-0', ['m', 'id-1', 'b', 'hello', 't', '1767225600000']);
 * entry.body; // 'hello'
 * ```
 */
export function decodeQueueEntry(entryId: string, fields: readonly string[]): RedisQueueEntry {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2)
    map.set(fields[i] as string, fields[i + 1] as string);
  const sentAt = Number(map.get('t') ?? entryId.split('-')[0]);
  const { attributes, typedAttributes } = decodeAttributes(map.get('a'));
  const groupId = map.get('g');
  const deadLetter = parseRecord(map.get('d'));
  return {
    entryId,
    messageId: map.get('m') ?? entryId,
    body: map.get('b') ?? '',
    sentAt: new Date(sentAt),
    ...(groupId === undefined ? {} : { groupId }),
    attributes,
    typedAttributes,
    ...(deadLetter === undefined ? {} : { deadLetter }),
  };
}

function decodeAttributes(json: string | undefined): {
  attributes: Record<string, string>;
  typedAttributes: Record<string, MessageAttributeValue>;
} {
  const attributes: Record<string, string> = {};
  const typedAttributes: Record<string, MessageAttributeValue> = {};
  if (json === undefined) return { attributes, typedAttributes };
  const parsed = parseJson(json);
  if (typeof parsed !== 'object' || parsed === null) return { attributes, typedAttributes };
  for (const [name, pair] of Object.entries(parsed as Record<string, unknown>)) {
    if (!Array.isArray(pair)) continue;
    const [dataType, value] = pair as unknown[];
    if (typeof dataType !== 'string' || typeof value !== 'string') continue;
    if (dataType.startsWith('Binary')) {
      typedAttributes[name] = {
        dataType,
        binaryValue: new Uint8Array(Buffer.from(value, 'base64')),
      };
    } else {
      typedAttributes[name] = { dataType, stringValue: value };
      attributes[name] = value;
    }
  }
  return { attributes, typedAttributes };
}

function parseRecord(json: string | undefined): RedisDeadLetterRecord | undefined {
  if (json === undefined) return undefined;
  const record = parseJson(json);
  return typeof record === 'object' && record !== null && 'reason' in record
    ? (record as RedisDeadLetterRecord)
    : undefined;
}

function parseJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}
