import type { DeadLetterReason } from '../../shared/messaging/malformed-action-error.js';
import type { MessageQueue } from '../../shared/messaging/message-queue.js';
import type { ActionFailure } from './action-failure.js';
import { sendOne } from './send-one.js';

/** The message being dead-lettered, as received. */
export interface DeadLetterSource {
  readonly queue: string;
  readonly messageId: string;
  readonly body: string;
  readonly receiveCount: number;
  readonly groupId?: string | undefined;
  readonly attributes: Readonly<Record<string, string>>;
}

/** Attribute names written on every dead-lettered message. */
export const DEAD_LETTER_ATTRIBUTES = Object.freeze({
  reason: 'baltra.dead_letter_reason',
  errorCode: 'baltra.error_code',
  errorMessage: 'baltra.error_message',
  sourceQueue: 'baltra.source_queue',
  receiveCount: 'baltra.receive_count',
  actionId: 'baltra.action_id',
});

/**
 * Copies a message to a dead-letter queue with why it got there: the reason, the error's
 * code and (masked) message, the source queue, the receive count and the action id when the
 * body parsed. The body is kept byte for byte, so the message can be inspected and redriven.
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
  actionId?: string,
): Promise<void> {
  const attributes: Record<string, string> = {
    ...source.attributes,
    [DEAD_LETTER_ATTRIBUTES.reason]: reason,
    [DEAD_LETTER_ATTRIBUTES.errorCode]: failure.code,
    [DEAD_LETTER_ATTRIBUTES.errorMessage]: failure.message,
    [DEAD_LETTER_ATTRIBUTES.sourceQueue]: source.queue,
    [DEAD_LETTER_ATTRIBUTES.receiveCount]: String(source.receiveCount),
  };
  if (actionId !== undefined) attributes[DEAD_LETTER_ATTRIBUTES.actionId] = actionId;
  await sendOne(queue, deadLetterQueue, {
    body: source.body,
    attributes,
    ...(deadLetterQueue.endsWith('.fifo') && {
      groupId: source.groupId ?? 'dead-letters',
      deduplicationId: source.messageId,
    }),
  });
}
