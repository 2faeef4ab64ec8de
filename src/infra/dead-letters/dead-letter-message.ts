import type { MessageAttributeValue } from '../../shared/messaging/message-queue.js';
import type { DeadLetterRecord } from '../worker/dead-letter-record.js';

/**
 * A message of a dead-letter queue as the dead-letter tools see it: the copy's id, body and
 * attributes (the record's attribute left out), and its {@link DeadLetterRecord}, from the
 * `baltra.dead_letter` attribute, the six attributes of older workers, or the broker's own
 * redrive record (Redis). A message a broker's redrive policy moved (SQS) carries none.
 */
export interface DeadLetterMessage {
  /** The id of the copy on the dead-letter queue (what `showDeadLetter({ id })` takes). */
  readonly messageId: string;
  readonly body: string;
  /** When the copy was sent to the dead-letter queue. */
  readonly sentAt: Date;
  readonly groupId?: string;
  /** The copy's attributes with their types, without the dead-letter record's. */
  readonly typedAttributes: Readonly<Record<string, MessageAttributeValue>>;
  readonly record?: DeadLetterRecord;
}

/**
 * The reason counted for messages without a dead-letter record (moved by a redrive policy).
 *
 * @example
 * ```ts
 * await replayDeadLetters(queue, { from: 'leads-dlq', to: 'leads', reason: UNRECORDED_REASON });
 * ```
 */
export const UNRECORDED_REASON = 'unrecorded';

/**
 * When a dead letter got there: its record's time, else the copy's sent time.
 *
 * @example
 * ```ts
 * const ageMs = Date.now() - deadLetteredAt(message).getTime();
 * ```
 */
export function deadLetteredAt(message: DeadLetterMessage): Date {
  const recorded = message.record && Date.parse(message.record.dead_lettered_at);
  return recorded !== undefined && Number.isFinite(recorded) && recorded > 0
    ? new Date(recorded)
    : message.sentAt;
}
