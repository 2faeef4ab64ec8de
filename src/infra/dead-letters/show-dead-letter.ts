import type { MessageQueue } from '../../shared/messaging/message-queue.js';
import type { DeadLetterRecord } from '../worker/dead-letter-record.js';
import { DeadLetterError } from './dead-letter-error.js';
import { type DeadLetterMessage, deadLetteredAt } from './dead-letter-message.js';
import { type DeadLetterReadOptions, resolveReadOptions } from './dead-letter-read-options.js';
import { maskAttributes, maskDeadLetterBody, maskRecord } from './mask-dead-letter.js';
import { readDeadLetters } from './read-dead-letters.js';

/** Options of {@link showDeadLetter}. */
export interface ShowDeadLetterOptions extends DeadLetterReadOptions {
  /**
   * The message to show: the id of the copy on the dead-letter queue (as `listDeadLetters`
   * samples it), the original message's id or its action id. Default: the first message read.
   */
  readonly id?: string;
}

/** One dead letter, safe to print: PII and secrets masked. */
export interface DeadLetterView {
  readonly queue: string;
  /** The id of the copy on the dead-letter queue. */
  readonly messageId: string;
  readonly sentAt: Date;
  readonly deadLetteredAt: Date;
  readonly groupId?: string;
  /** Why it is there; absent for a message a broker's redrive policy moved. */
  readonly record?: DeadLetterRecord;
  /** String and Number attributes masked, Binary ones as their size; the record's left out. */
  readonly attributes: Readonly<Record<string, string>>;
  /** Masked; pretty-printed when it is JSON. */
  readonly body: string;
  readonly bodyIsJson: boolean;
}

/**
 * One message of a dead-letter queue, masked for a human: its body (JSON pretty-printed with
 * emails, phones, personal ids and secrets masked), its attributes and its dead-letter record
 * (reason, error code and masked message, source queue, receive count, action id, moved or
 * dropped attributes). Read like {@link listDeadLetters} — never deleted, received ones made
 * visible again at once. An `id` no message carries, or an empty queue, is a
 * `DeadLetterError` `DEAD_LETTER_NOT_FOUND`; a missing queue `QUEUE_NOT_FOUND`.
 *
 * @example
 * ```ts
 * const view = await showDeadLetter(queue, 'leads-dlq', { id: summary.byReason[0]?.sampleIds[0] });
 * console.log(view.record?.reason, view.body);
 * ```
 */
export async function showDeadLetter(
  queue: MessageQueue,
  deadLetterQueue: string,
  options: ShowDeadLetterOptions = {},
): Promise<DeadLetterView> {
  const { id } = options;
  const matches = (message: DeadLetterMessage) =>
    id === undefined ||
    message.messageId === id ||
    message.record?.message_id === id ||
    message.record?.action_id === id;
  const { messages } = await readDeadLetters(queue, deadLetterQueue, {
    ...resolveReadOptions(options),
    stopAt: matches,
  });
  const found = messages.find(matches);
  if (found === undefined) {
    throw new DeadLetterError(
      'DEAD_LETTER_NOT_FOUND',
      id === undefined
        ? `the queue ${deadLetterQueue} holds no message`
        : `no message of ${deadLetterQueue} has the id ${id}`,
      { queue: deadLetterQueue },
    );
  }
  const body = maskDeadLetterBody(found.body);
  return {
    queue: deadLetterQueue,
    messageId: found.messageId,
    sentAt: found.sentAt,
    deadLetteredAt: deadLetteredAt(found),
    ...(found.groupId === undefined ? {} : { groupId: found.groupId }),
    ...(found.record === undefined ? {} : { record: maskRecord(found.record) }),
    attributes: maskAttributes(found.typedAttributes),
    body: body.body,
    bodyIsJson: body.json,
  };
}
