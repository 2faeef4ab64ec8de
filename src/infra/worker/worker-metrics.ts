import type { DomainAction } from '../../shared/messaging/domain-action.js';
import { getTelemetry } from '../../shared/telemetry/global-telemetry.js';
import { METRICS } from '../../shared/telemetry/metric-catalogue.js';
import { noopTelemetry } from '../../shared/telemetry/noop-telemetry.js';
import { recordMetric } from '../../shared/telemetry/record-metric.js';

/** The `tier` label of an action's metrics: its tenant's tier, `unknown` when unparsed. */
export function tierOf(action: Pick<DomainAction, 'tenant_tier'> | undefined): string {
  return action?.tenant_tier ?? 'unknown';
}

/**
 * The worker's own gauges and timings: `worker_actions_in_flight` (by queue, recorded as
 * actions start and end), `worker_last_poll_timestamp_seconds` (by queue, after each receive
 * that completed) and `queue_message_processing_duration_seconds` (by queue, outcome and
 * tier). Nothing is recorded, nor the clock read, while the telemetry is the no-op one.
 *
 * @example
 * ```ts
 * const metrics = new WorkerMetrics();
 * metrics.polled('leads');
 * const started = metrics.actionStarted('leads');
 * metrics.actionEnded('leads', started, outcome);
 * ```
 */
export class WorkerMetrics {
  private readonly running = new Map<string, number>();

  /** Every queue's in-flight gauge at 0, so a worker that never ran anything shows it. */
  reset(queues: readonly string[]): void {
    for (const queue of queues) this.running.set(queue, 0);
    const telemetry = getTelemetry();
    if (telemetry === noopTelemetry) return;
    for (const queue of queues)
      recordMetric(telemetry, METRICS.workerActionsInFlight, 0, { queue });
  }

  /** A receive on `queue` completed (with or without messages). */
  polled(queue: string): void {
    const telemetry = getTelemetry();
    if (telemetry === noopTelemetry) return;
    recordMetric(telemetry, METRICS.workerLastPollTimestampSeconds, Date.now() / 1000, { queue });
  }

  /** An action of `queue` starts; returns its start time for {@link WorkerMetrics.actionEnded}. */
  actionStarted(queue: string): number {
    const running = (this.running.get(queue) ?? 0) + 1;
    this.running.set(queue, running);
    const telemetry = getTelemetry();
    if (telemetry === noopTelemetry) return 0;
    recordMetric(telemetry, METRICS.workerActionsInFlight, running, { queue });
    return performance.now();
  }

  /** The action ended with `outcome` (`error` when it could not be settled). */
  actionEnded(
    queue: string,
    started: number,
    outcome: { readonly kind: string; readonly action?: DomainAction | undefined } | undefined,
  ): void {
    const running = Math.max(0, (this.running.get(queue) ?? 1) - 1);
    this.running.set(queue, running);
    const telemetry = getTelemetry();
    if (telemetry === noopTelemetry) return;
    recordMetric(telemetry, METRICS.workerActionsInFlight, running, { queue });
    if (started === 0) return;
    recordMetric(
      telemetry,
      METRICS.queueMessageProcessingDurationSeconds,
      (performance.now() - started) / 1000,
      { queue, outcome: outcome?.kind ?? 'error', tier: tierOf(outcome?.action) },
    );
  }
}
