import type { ActionAttempts } from '../../domain/ports/action-attempt-store.js';
import type { DeadLetterReason } from '../../shared/messaging/malformed-action-error.js';
import type { MessageAttributeValue, MessageQueue } from '../../shared/messaging/message-queue.js';
import type { ActionFailure } from './action-failure.js';
import type { DeadLetterRecord } from './dead-letter-record.js';
import { fitDeadLetterCopy, receivedAttributes } from './fit-message-copy.js';
import { sendOne } from './send-one.js';

/** The message being dead-lettered, as received. */
export interface DeadLetterSource {
  readonly queue: string;
  readonly messageId: string;
  readonly body: string;
  readonly receiveCount: number;
  readonly groupId?: string | undefined;
  readonly attributes: Readonly<Record<string, string>>;
  /** Every attribute with its type (Binary ones included), when the adapter gives them. */
  readonly typedAttributes?: Readonly<Record<string, MessageAttributeValue>> | undefined;
}

/** More of what is known about a dead-lettered action. */
export interface DeadLetterDetails {
  readonly actionId?: string | undefined;
  readonly tenantId?: string | undefined;
  readonly attempts?: ActionAttempts | undefined;
}

/**
 * The attribute names dead-lettered copies carried before 0.x: one attribute each.
 *
 * @deprecated Copies now carry one JSON attribute, `baltra.dead_letter`
 * (`DEAD_LETTER_ATTRIBUTE`); read it with `readDeadLetterRecord`.
 */
export const DEAD_LETTER_ATTRIBUTES = Object.freeze({
  reason: 'baltra.dead_letter_reason',
  errorCode: 'baltra.error_code',
  errorMessage: 'baltra.error_message',
  sourceQueue: 'baltra.source_queue',
  receiveCount: 'baltra.receive_count',
  actionId: 'baltra.action_id',
});

/**
 * Copies a message to a dead-letter queue with why it got there, in one `baltra.dead_letter`
 * attribute (a {@link DeadLetterRecord}: reason, error code and masked message, source queue,
 * message id, receive count, attempts, action and tenant ids). The copy always fits the
 * broker's `limits`: the message's own attributes of every type are kept while they fit and
 * moved into the record or dropped (noted) when they don't; the body is kept byte for byte
 * unless nothing else makes it fit, and then cut with its size and digest recorded.
 *
 * @example
 * ```ts
 * await sendToDeadLetterQueue(queue, 'leads-dlq', source, 'invalid_json', toActionFailure(error));
 * ```
 */
export async function sendToDeadLetterQueue(
  queue: MessageQueue,
  deadLetterQueue: string,
  source: DeadLetterSource,
  reason: DeadLetterReason,
  failure: ActionFailure,
  details: DeadLetterDetails | string = {},
): Promise<void> {
  const known = typeof details === 'string' ? { actionId: details } : details;
  const record: DeadLetterRecord = {
    reason,
    error_code: failure.code,
    error_message: failure.message,
    source_queue: source.queue,
    message_id: source.messageId,
    receive_count: source.receiveCount,
    ...(known.attempts && {
      failures: known.attempts.failures,
      crashes: known.attempts.crashes,
    }),
    ...(known.actionId !== undefined && { action_id: known.actionId }),
    ...(known.tenantId !== undefined && { tenant_id: known.tenantId }),
    dead_lettered_at: new Date().toISOString(),
  };
  const copy = fitDeadLetterCopy(source.body, receivedAttributes(source), record, queue.limits);
  await sendOne(queue, deadLetterQueue, {
    ...copy,
    ...(deadLetterQueue.endsWith('.fifo') && {
      groupId: source.groupId ?? 'dead-letters',
      deduplicationId: source.messageId,
    }),
  });
}
