// Every metric of the catalogue, recorded once through PrometheusTelemetry, appears in the
// scrape under its catalogue name (histograms as _bucket, _sum and _count) with its type: the
// names the Grafana dashboards and alert rules (ops/) are written against.
import { METRICS, type MetricDefinition, recordMetric } from '@baltra/sdk';
import { loadPrometheusTelemetry, prometheusSeriesNames } from '@baltra/sdk/prometheus';
import { describe, expect, it } from 'vitest';
import { parseExposition } from './support/parse-exposition.js';

/** The series a catalogue metric is exposed as. */
function seriesOf(metric: MetricDefinition): string[] {
  return metric.kind === 'histogram'
    ? [`${metric.name}_bucket`, `${metric.name}_sum`, `${metric.name}_count`]
    : [metric.name];
}

describe('the metric catalogue in the Prometheus exposition', () => {
  it('has a sample of every catalogue metric, under its exact name and type, after one record each', async () => {
    // Prepare
    const telemetry = await loadPrometheusTelemetry({ defaultMetrics: false });
    const catalogue = Object.values(METRICS);

    // Act
    for (const metric of catalogue) {
      const attributes = Object.fromEntries(metric.attributes.map((key) => [key, `${key}-1`]));
      recordMetric(telemetry, metric, 1, attributes);
    }
    const exposition = parseExposition(await telemetry.metrics());
    const sampled = new Set(exposition.samples.map((sample) => sample.name));

    // Assess
    expect(catalogue.length).toBeGreaterThanOrEqual(29);
    for (const metric of catalogue) {
      expect(exposition.types.get(metric.name), metric.name).toBe(metric.kind);
      for (const series of seriesOf(metric)) expect(sampled, series).toContain(series);
    }
    const listed = prometheusSeriesNames(telemetry.registry);
    expect(listed).toEqual(expect.arrayContaining(catalogue.flatMap(seriesOf)));
  });

  it('follows the Prometheus conventions: counters end in _total, durations are _seconds histograms', () => {
    for (const metric of Object.values(METRICS)) {
      if (metric.kind === 'counter') expect(metric.name, metric.name).toMatch(/_total$/);
      if (metric.unit === 's' && metric.kind === 'histogram') {
        expect(metric.name, metric.name).toMatch(/_seconds$/);
      }
      expect(metric.name).toMatch(/^[a-z][a-z0-9_]*$/);
    }
  });
});
