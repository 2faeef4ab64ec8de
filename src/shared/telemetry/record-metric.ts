import type { MetricDefinition } from './metric-catalogue.js';
import type { Telemetry, TelemetryAttributes } from './telemetry.js';

/**
 * Records one value on a catalogue metric, through the instrument its kind calls for
 * (counter `add`, histogram or gauge `record`), with the catalogue's unit and description.
 *
 * @example
 * ```ts
 * recordMetric(getTelemetry(), METRICS.cacheHitsTotal, 1, { cache: 'vacancies' });
 * recordMetric(getTelemetry(), METRICS.queueMessageProcessingDurationSeconds, 0.042, { queue: 'leads', outcome: 'success' });
 * ```
 */
export function recordMetric(
  telemetry: Telemetry,
  metric: MetricDefinition,
  value: number,
  attributes?: TelemetryAttributes,
): void {
  const options = { unit: metric.unit, description: metric.description };
  switch (metric.kind) {
    case 'counter':
      telemetry.counter(metric.name, options).add(value, attributes);
      return;
    case 'histogram':
      telemetry.histogram(metric.name, options).record(value, attributes);
      return;
    case 'gauge':
      telemetry.gauge(metric.name, options).record(value, attributes);
      return;
  }
}
