import type { DeadLetterReason } from '../../shared/messaging/malformed-action-error.js';
import type { ReceivedMessage } from '../../shared/messaging/message-queue.js';

/** The one attribute every dead-lettered copy carries: a {@link DeadLetterRecord} as JSON. */
export const DEAD_LETTER_ATTRIBUTE = 'baltra.dead_letter';

/** An attribute that did not fit on the copy as an attribute, kept in the record instead. */
export interface MovedAttribute {
  readonly data_type: string;
  readonly string_value?: string;
  /** Binary values, base64. */
  readonly binary_value?: string;
}

/**
 * Why and how a message was dead-lettered, written as JSON in the `baltra.dead_letter`
 * attribute (one attribute, so a message that already carries 9 keeps them all on SQS).
 * snake_case, like the DomainAction envelope, so services in any language read it.
 */
export interface DeadLetterRecord {
  readonly reason: DeadLetterReason;
  readonly error_code: string;
  /** Masked and cut; never a stack. */
  readonly error_message: string;
  readonly source_queue: string;
  readonly message_id: string;
  readonly receive_count: number;
  /** Failed handler runs and runs the process never finished, when they were read. */
  readonly failures?: number;
  readonly crashes?: number;
  readonly action_id?: string;
  readonly tenant_id?: string;
  /** ISO 8601. */
  readonly dead_lettered_at: string;
  /** Attributes beyond the broker's attribute count, by name. */
  readonly moved_attributes?: Readonly<Record<string, MovedAttribute>>;
  /** Attributes left off because the copy would not fit otherwise (names only). */
  readonly dropped_attributes?: readonly string[];
  /** The body was cut to fit: what it was. The copy's body is its first bytes. */
  readonly body_truncated?: { readonly original_bytes: number; readonly sha256: string };
}

/**
 * The six attributes dead-lettered copies carried before the record became one JSON attribute
 * (workers before 0.x). Read by {@link readDeadLetterRecord}, removed by a replay.
 */
export const LEGACY_DEAD_LETTER_ATTRIBUTES = Object.freeze({
  reason: 'baltra.dead_letter_reason',
  errorCode: 'baltra.error_code',
  errorMessage: 'baltra.error_message',
  sourceQueue: 'baltra.source_queue',
  receiveCount: 'baltra.receive_count',
  actionId: 'baltra.action_id',
});

/**
 * The dead-letter record of a message received from a dead-letter queue, or `undefined` when
 * it carries none (or it is not valid JSON). Copies written by older workers, with six
 * `baltra.*` attributes instead of one (`baltra.dead_letter_reason`, `baltra.error_code`, …),
 * are read too: their record takes the message id and, as the time it was dead-lettered, the
 * copy's sent time when the message has them.
 *
 * @example
 * ```ts
 * const [message] = await queue.receive('leads-dlq');
 * const record = message && readDeadLetterRecord(message);
 * console.log(record?.reason, record?.error_code);
 * ```
 */
export function readDeadLetterRecord(
  message: Pick<ReceivedMessage, 'attributes'> &
    Partial<Pick<ReceivedMessage, 'messageId' | 'sentAt'>>,
): DeadLetterRecord | undefined {
  const json = message.attributes[DEAD_LETTER_ATTRIBUTE];
  if (json === undefined) return readLegacyRecord(message);
  try {
    const record: unknown = JSON.parse(json);
    return typeof record === 'object' && record !== null && 'reason' in record
      ? (record as DeadLetterRecord)
      : undefined;
  } catch {
    return undefined;
  }
}

function readLegacyRecord(
  message: Pick<ReceivedMessage, 'attributes'> &
    Partial<Pick<ReceivedMessage, 'messageId' | 'sentAt'>>,
): DeadLetterRecord | undefined {
  const read = (name: keyof typeof LEGACY_DEAD_LETTER_ATTRIBUTES) =>
    message.attributes[LEGACY_DEAD_LETTER_ATTRIBUTES[name]];
  const reason = read('reason');
  if (reason === undefined) return undefined;
  const receiveCount = Number(read('receiveCount'));
  const actionId = read('actionId');
  return {
    reason: reason as DeadLetterReason,
    error_code: read('errorCode') ?? 'UNKNOWN',
    error_message: read('errorMessage') ?? '',
    source_queue: read('sourceQueue') ?? '',
    message_id: message.messageId ?? '',
    receive_count: Number.isFinite(receiveCount) ? receiveCount : 0,
    ...(actionId !== undefined && { action_id: actionId }),
    dead_lettered_at: (message.sentAt ?? new Date(0)).toISOString(),
  };
}
