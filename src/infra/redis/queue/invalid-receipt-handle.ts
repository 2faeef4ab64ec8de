import type { FailedEntry } from '../../../shared/messaging/message-queue.js';

/**
 * The failed entry of a receipt handle that is not the latest delivery of a message of the
 * queue (stale, unknown or not a handle at all): SQS's code `ReceiptHandleIsInvalid`.
 *
 * @example
 * ```ts
 * failed.push(invalidReceiptHandle(handle));
 * ```
 */
export function invalidReceiptHandle(handle: string): FailedEntry {
  return {
    id: handle,
    code: 'ReceiptHandleIsInvalid',
    message: 'the receipt handle is not the latest delivery of a message in this queue',
    retryable: false,
  };
}
