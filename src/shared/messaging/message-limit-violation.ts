import { mergeMessageAttributes } from './merge-message-attributes.js';
import { messageBytes } from './message-bytes.js';
import type { MessageQueueLimits, OutgoingMessage } from './message-queue.js';

/** Why a message does not fit a broker's {@link MessageQueueLimits}. */
export interface MessageLimitViolation {
  readonly code: 'TooManyAttributes' | 'MessageTooLong';
  readonly message: string;
}

/**
 * Whether a message breaks `limits`: more attributes than `maxAttributes` (counted after
 * merging `attributes` and `typedAttributes`) is `TooManyAttributes`, more bytes than
 * `maxMessageBytes` (as {@link messageBytes} counts them) is `MessageTooLong`. Adapters turn
 * a violation into a failed entry with `retryable: false` before calling their broker.
 *
 * @example
 * ```ts
 * const violation = messageLimitViolation(message, SQS_MESSAGE_LIMITS);
 * if (violation) failed.push({ id, ...violation, retryable: false });
 * ```
 */
export function messageLimitViolation(
  message: Pick<OutgoingMessage, 'body' | 'attributes' | 'typedAttributes'>,
  limits: MessageQueueLimits,
): MessageLimitViolation | undefined {
  const count = Object.keys(mergeMessageAttributes(message)).length;
  if (count > limits.maxAttributes) {
    return {
      code: 'TooManyAttributes',
      message: `the message has ${count} attributes; at most ${limits.maxAttributes} are allowed`,
    };
  }
  const bytes = messageBytes(message);
  if (bytes > limits.maxMessageBytes) {
    return {
      code: 'MessageTooLong',
      message: `the message is ${bytes} bytes (body and attribute names, types and values); at most ${limits.maxMessageBytes} are allowed`,
    };
  }
  return undefined;
}
