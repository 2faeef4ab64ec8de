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
 * The dead-letter record of a message received from a dead-letter queue, or `undefined` when
 * it carries none (or it is not valid JSON).
 *
 * @example
 * ```ts
 * const [message] = await queue.receive('leads-dlq');
 * const record = message && readDeadLetterRecord(message);
 * console.log(record?.reason, record?.error_code);
 * ```
 */
export function readDeadLetterRecord(
  message: Pick<ReceivedMessage, 'attributes'>,
): DeadLetterRecord | undefined {
  const json = message.attributes[DEAD_LETTER_ATTRIBUTE];
  if (json === undefined) return undefined;
  try {
    const record: unknown = JSON.parse(json);
    return typeof record === 'object' && record !== null && 'reason' in record
      ? (record as DeadLetterRecord)
      : undefined;
  } catch {
    return undefined;
  }
}
