import { METRICS } from '../../shared/telemetry/metric-catalogue.js';
import { recordMetric } from '../../shared/telemetry/record-metric.js';
import type { Telemetry } from '../../shared/telemetry/telemetry.js';
import { defaultDeadLetterQueue } from '../worker/default-dead-letter-queue.js';
import type { MetricsCollector } from './metrics-collector.js';

/** How many messages a queue holds, by state (as the queues' `depth` and `readSqsQueueDepth` tell). */
export interface QueueDepthReading {
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
  /** Age of the oldest visible message, when the broker tells it. */
  readonly oldestAgeSeconds?: number;
}

/** Reads one queue's depth. */
export type QueueDepthReader = (queue: string) => QueueDepthReading | Promise<QueueDepthReading>;

/**
 * A queue that tells its depth: `InMemoryMessageQueue` and `RedisMessageQueue` fit. With
 * `peek` (the in-memory queue), the age of the oldest visible message is read too.
 */
export interface QueueWithDepth {
  depth(queue: string): QueueDepthReading | Promise<QueueDepthReading>;
  peek?(queue: string): readonly { readonly sentAt: Date; readonly state: string }[];
}

/** One queue to measure, with its dead-letter queue (default `{name}-dlq`; `false`: none). */
export interface MeasuredQueue {
  readonly name: string;
  readonly deadLetterQueue?: string | false;
}

/** Options of {@link queueDepthCollector}. */
export interface QueueDepthCollectorOptions {
  readonly queues: readonly (string | MeasuredQueue)[];
  /**
   * How depths are read: a queue with `depth(name)` (in memory, Redis), or a reader such as
   * `(queue) => readSqsQueueDepth(client, queue)` for SQS.
   */
  readonly depth: QueueWithDepth | QueueDepthReader;
  /** The clock of the oldest-message age; default `Date.now`. */
  readonly now?: () => number;
}

/**
 * A collector of queue depths at scrape time: `queue_messages{queue, state}` (`visible`,
 * `in_flight`, `delayed`), `queue_oldest_message_age_seconds{queue}` where the broker tells
 * it (in memory), and `queue_dead_letter_messages{queue, source_queue}` for each queue's
 * dead-letter queue (every message in it, whatever its state). A queue that cannot be read is
 * logged by the exporter and keeps its last values.
 *
 * @example
 * ```ts
 * telemetry.addCollector(queueDepthCollector({ depth: queue, queues: ['leads', 'leads-free'] }));
 * telemetry.addCollector(
 *   queueDepthCollector({ depth: (q) => readSqsQueueDepth(sqs, q), queues: ['leads'] }),
 * );
 * ```
 */
export function queueDepthCollector(options: QueueDepthCollectorOptions): MetricsCollector {
  const queues = options.queues.map((queue) =>
    typeof queue === 'string' ? { name: queue } : queue,
  );
  const source = options.depth;
  const read: QueueDepthReader =
    typeof source === 'function' ? source : (queue) => source.depth(queue);
  const peek = typeof source === 'function' ? undefined : source.peek?.bind(source);
  const now = options.now ?? Date.now;
  return {
    name: 'queue depth',
    metrics: [
      METRICS.queueMessages,
      METRICS.queueOldestMessageAgeSeconds,
      METRICS.queueDeadLetterMessages,
    ],
    async collect(telemetry: Telemetry) {
      const failures: string[] = [];
      await Promise.all(
        queues.map(async ({ name, deadLetterQueue }) => {
          try {
            const depth = await read(name);
            recordDepth(telemetry, name, depth, peek && oldestAge(peek(name), now()));
          } catch (error) {
            failures.push(`${name}: ${describe(error)}`);
          }
          const dlq = deadLetterQueue ?? defaultDeadLetterQueue(name);
          if (dlq === false) return;
          try {
            const depth = await read(dlq);
            recordMetric(
              telemetry,
              METRICS.queueDeadLetterMessages,
              depth.visible + depth.inFlight + depth.delayed,
              { queue: dlq, source_queue: name },
            );
          } catch (error) {
            failures.push(`${dlq}: ${describe(error)}`);
          }
        }),
      );
      if (failures.length > 0) throw new Error(`queues not read: ${failures.join('; ')}`);
    },
  };
}

function recordDepth(
  telemetry: Telemetry,
  queue: string,
  depth: QueueDepthReading,
  peekedAge: number | undefined,
): void {
  recordMetric(telemetry, METRICS.queueMessages, depth.visible, { queue, state: 'visible' });
  recordMetric(telemetry, METRICS.queueMessages, depth.inFlight, { queue, state: 'in_flight' });
  recordMetric(telemetry, METRICS.queueMessages, depth.delayed, { queue, state: 'delayed' });
  const age = depth.oldestAgeSeconds ?? peekedAge;
  if (age !== undefined)
    recordMetric(telemetry, METRICS.queueOldestMessageAgeSeconds, age, { queue });
}

/** Seconds since the oldest visible message was sent; 0 when none waits. */
function oldestAge(
  messages: readonly { readonly sentAt: Date; readonly state: string }[],
  nowMs: number,
): number {
  let oldest = Number.POSITIVE_INFINITY;
  for (const message of messages) {
    if (message.state === 'visible') oldest = Math.min(oldest, message.sentAt.getTime());
  }
  return oldest === Number.POSITIVE_INFINITY ? 0 : Math.max(0, (nowMs - oldest) / 1000);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
