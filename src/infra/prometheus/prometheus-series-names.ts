import type { PrometheusRegistry } from './prom-client-slice.js';

/** prom-client's declared `MetricType` enum values, should a registry ever report them. */
const HISTOGRAM = 2;
const SUMMARY = 3;

/**
 * The series names a registry exposes, sorted: a counter's or gauge's name, a histogram's
 * `_bucket`, `_sum` and `_count`, a summary's name, `_sum` and `_count`. What a PromQL query
 * (a dashboard panel, an alert rule) may select from this exporter.
 *
 * @example
 * ```ts
 * const names = prometheusSeriesNames(telemetry.registry);
 * names.includes('queue_message_processing_duration_seconds_bucket'); // true
 * ```
 */
export function prometheusSeriesNames(registry: PrometheusRegistry): string[] {
  const names = new Set<string>();
  for (const { name, type } of registry.getMetricsAsArray()) {
    if (type === 'histogram' || type === HISTOGRAM) {
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
    } else if (type === 'summary' || type === SUMMARY) {
      for (const suffix of ['', '_sum', '_count']) names.add(`${name}${suffix}`);
    } else {
      names.add(name);
    }
  }
  return [...names].sort();
}
