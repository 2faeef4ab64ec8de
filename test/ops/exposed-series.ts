// The series a Prometheus server scraping the SDK holds, with the labels each one carries: the
// single source the dashboard and alert-rule tests check their PromQL against.
import { METRICS } from '../../src/shared/telemetry/metric-catalogue.js';

/** Labels Prometheus adds to every scraped series (the scrape target's). */
export const TARGET_LABELS: readonly string[] = ['job', 'instance'];

/**
 * Series the dashboards and alerts may use besides the catalogue's, each with its labels.
 * prom-client's default process metrics are deliberately absent: the exporter need not
 * register them, so no panel or alert may depend on them.
 */
export const EXTRA_SERIES: Readonly<Record<string, readonly string[]>> = {
  // Written by Prometheus itself for every scrape target: 1 when the scrape succeeded.
  up: [],
};

/**
 * Every series name a scrape exposes, mapped to its label names (target labels included),
 * derived from the metric catalogue: counters and gauges under their own name, histograms as
 * `_bucket` (with `le`), `_sum` and `_count`.
 */
export function exposedSeries(): ReadonlyMap<string, readonly string[]> {
  const series = new Map<string, readonly string[]>();
  for (const metric of Object.values(METRICS)) {
    const labels = [...metric.attributes, ...TARGET_LABELS];
    if (metric.kind === 'histogram') {
      series.set(`${metric.name}_bucket`, [...labels, 'le']);
      series.set(`${metric.name}_sum`, labels);
      series.set(`${metric.name}_count`, labels);
    } else {
      series.set(metric.name, labels);
    }
  }
  for (const [name, labels] of Object.entries(EXTRA_SERIES)) {
    series.set(name, [...labels, ...TARGET_LABELS]);
  }
  return series;
}

/** The names of {@link exposedSeries}. */
export function exposedSeriesNames(): ReadonlySet<string> {
  return new Set(exposedSeries().keys());
}

/** The catalogue metric a series belongs to (`x_bucket` → `x` for a histogram `x`), if any. */
export function catalogueMetricOf(series: string): string | undefined {
  for (const metric of Object.values(METRICS)) {
    if (metric.kind !== 'histogram' && series === metric.name) return metric.name;
    if (metric.kind === 'histogram' && /_(bucket|sum|count)$/.test(series)) {
      if (series.replace(/_(bucket|sum|count)$/, '') === metric.name) return metric.name;
    }
  }
  return undefined;
}
