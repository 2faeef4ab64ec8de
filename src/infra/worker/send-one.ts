import type { MessageQueue, OutgoingMessage } from '../../shared/messaging/message-queue.js';
import { getTelemetry } from '../../shared/telemetry/global-telemetry.js';
import { METRICS } from '../../shared/telemetry/metric-catalogue.js';
import { recordMetric } from '../../shared/telemetry/record-metric.js';

/**
 * Sends one message and throws when the queue refused it (the caller then leaves the source
 * message unacknowledged, so nothing is lost).
 *
 * @example
 * ```ts
 * await sendOne(queue, 'leads-dlq', { body });
 * ```
 */
export async function sendOne(
  queue: MessageQueue,
  queueName: string,
  message: OutgoingMessage,
): Promise<void> {
  const outcome = await queue.send(queueName, [message]);
  const failed = outcome.failed[0];
  if (failed) {
    throw Object.assign(
      new Error(`Sending to ${queueName} failed: ${failed.code} ${failed.message}`),
      { code: failed.code, retryable: failed.retryable },
    );
  }
  recordMetric(getTelemetry(), METRICS.queueMessagePublishedTotal, 1, { queue: queueName });
}
