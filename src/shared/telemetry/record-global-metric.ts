import { getTelemetry } from './global-telemetry.js';
import type { MetricDefinition } from './metric-catalogue.js';
import { noopTelemetry } from './noop-telemetry.js';
import { recordMetric } from './record-metric.js';
import type { TelemetryAttributes } from './telemetry.js';

/**
 * Records a catalogue metric on the process-wide telemetry, and does nothing at all (no
 * attribute object built by the caller's `attributes()`) while it is the no-op one: for hot
 * paths of the adapters. Internal to the SDK.
 *
 * @example
 * ```ts
 * recordGlobalMetric(METRICS.lockAcquisitionsTotal, 1, () => ({ backend: 'redis', outcome }));
 * ```
 */
export function recordGlobalMetric(
  metric: MetricDefinition,
  value: number,
  attributes?: () => TelemetryAttributes,
): void {
  const telemetry = getTelemetry();
  if (telemetry === noopTelemetry) return;
  recordMetric(telemetry, metric, value, attributes?.());
}

/**
 * A start time for {@link elapsedSeconds}: `performance.now()`, or 0 while the telemetry is the
 * no-op one (nothing will be recorded, so the clock is not read).
 *
 * @example
 * ```ts
 * const started = metricClock();
 * await work();
 * recordGlobalMetric(METRICS.lockWaitDurationSeconds, elapsedSeconds(started), () => attributes);
 * ```
 */
export function metricClock(): number {
  return getTelemetry() === noopTelemetry ? 0 : performance.now();
}

/** Seconds since a {@link metricClock} start. */
export function elapsedSeconds(started: number): number {
  return started === 0 ? 0 : Math.max(0, (performance.now() - started) / 1000);
}
