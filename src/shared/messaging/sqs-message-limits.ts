import type { MessageQueueLimits } from './message-queue.js';

/**
 * SQS's default limits (10 attributes, 256 KiB): at most 10 message attributes, and 262,144
 * bytes of body plus attribute names, data types and values. A queue may allow more bytes
 * (its `MaximumMessageSize`, up to 1 MiB); `SqsMessageQueue`'s `maxMessageBytes` option says so.
 *
 * @example
 * ```ts
 * const limits = queue.limits ?? SQS_MESSAGE_LIMITS;
 * const fits = messageBytes(message) <= limits.maxMessageBytes;
 * ```
 */
export const SQS_MESSAGE_LIMITS: MessageQueueLimits = Object.freeze({
  maxAttributes: 10,
  maxMessageBytes: 262_144,
});
