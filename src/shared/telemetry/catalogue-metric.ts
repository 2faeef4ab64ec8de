import { METRICS, type MetricDefinition } from './metric-catalogue.js';

let byName: ReadonlyMap<string, MetricDefinition> | undefined;

/**
 * The catalogue entry of a metric name, or `undefined` for a name outside {@link METRICS}.
 *
 * @example
 * ```ts
 * catalogueMetric('lock_wait_duration_seconds')?.attributes; // ['backend', 'outcome']
 * ```
 */
export function catalogueMetric(name: string): MetricDefinition | undefined {
  byName ??= new Map(Object.values(METRICS).map((metric) => [metric.name, metric]));
  return byName.get(name);
}
