// The series test/ops checks the dashboards and alert rules against (exposedSeries, derived
// from the catalogue) are those @baltra/sdk/prometheus really exposes: every catalogue metric
// recorded once on the exporter, its scrape holds each derived name with its labels.
import { describe, expect, it } from 'vitest';
import {
  loadPrometheusTelemetry,
  type PrometheusTelemetry,
  prometheusSeriesNames,
} from '../../src/infra/prometheus/index.js';
import { METRICS } from '../../src/shared/telemetry/metric-catalogue.js';
import { recordMetric } from '../../src/shared/telemetry/record-metric.js';
import { EXTRA_SERIES, exposedSeries, TARGET_LABELS } from './exposed-series.js';

/** Every catalogue metric recorded once, each declared attribute given a value. */
async function exporterWithEveryMetric(): Promise<PrometheusTelemetry> {
  const telemetry = await loadPrometheusTelemetry({ defaultMetrics: false });
  for (const metric of Object.values(METRICS)) {
    const attributes = Object.fromEntries(metric.attributes.map((name) => [name, 'x']));
    recordMetric(telemetry, metric, 1, attributes);
  }
  return telemetry;
}

/** Series name → label names, from a Prometheus text exposition. */
function scrapedLabels(text: string): Map<string, Set<string>> {
  const series = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? /.exec(line);
    if (sample === null) continue;
    const labels = series.get(sample[1]!) ?? new Set<string>();
    for (const match of (sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)) {
      labels.add(match[1]!);
    }
    series.set(sample[1]!, labels);
  }
  return series;
}

const catalogueSeries = [...exposedSeries()].filter(([name]) => !(name in EXTRA_SERIES));

describe('the series the ops tests check against', () => {
  it('are all in the exporter registry', async () => {
    // Prepare
    const telemetry = await exporterWithEveryMetric();

    // Act
    const registered = new Set(prometheusSeriesNames(telemetry.registry));

    // Assess
    const missing = catalogueSeries.map(([name]) => name).filter((name) => !registered.has(name));
    expect(missing).toEqual([]);
  });

  it('carry the labels the exporter writes', async () => {
    // Prepare
    const telemetry = await exporterWithEveryMetric();

    // Act
    const scraped = scrapedLabels(await telemetry.metrics());

    // Assess
    const wrong = catalogueSeries.flatMap(([name, labels]) =>
      labels
        .filter((label) => !TARGET_LABELS.includes(label))
        .filter((label) => !scraped.get(name)?.has(label))
        .map((label) => `${name} has no label ${label}`),
    );
    expect(wrong).toEqual([]);
  });
});
