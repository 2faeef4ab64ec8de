// The slice of prom-client the SDK declares instead of importing (docs/adr/0026): prom-client's
// own objects must fit it (checked by `npm run typecheck`), and it is no `any`.
import {
  type PromClientModule,
  type PromCounter,
  type PrometheusRegistry,
  type PromGauge,
  type PromHistogram,
  prometheusSeriesNames,
} from '@baltra/sdk/prometheus';
import type * as PromClient from 'prom-client';
import * as promClient from 'prom-client';
import { describe, expect, expectTypeOf, it } from 'vitest';

describe('the prom-client slice', () => {
  it('is fitted by a Registry (the global one too) and by Counter, Gauge and Histogram', () => {
    expectTypeOf<typeof PromClient>().toExtend<PromClientModule>();
    expectTypeOf<PromClient.Registry>().toExtend<PrometheusRegistry>();
    expectTypeOf<typeof PromClient.register>().toExtend<PrometheusRegistry>();
    expectTypeOf<PromClient.Counter>().toExtend<PromCounter>();
    expectTypeOf<PromClient.Gauge>().toExtend<PromGauge>();
    expectTypeOf<PromClient.Histogram>().toExtend<PromHistogram>();
    // Not `any`: something that renders nothing is no registry.
    expectTypeOf<{ contentType: string }>().not.toExtend<PrometheusRegistry>();
  });

  it('lists the series of a registry the user built, histograms as _bucket, _sum and _count', () => {
    const registry = new promClient.Registry();
    new promClient.Histogram({ name: 'jobs_seconds', help: 'h', registers: [registry] });
    new promClient.Summary({ name: 'sizes_bytes', help: 'h', registers: [registry] });
    new promClient.Gauge({ name: 'jobs_running', help: 'h', registers: [registry] });

    expect(prometheusSeriesNames(registry)).toEqual([
      'jobs_running',
      'jobs_seconds_bucket',
      'jobs_seconds_count',
      'jobs_seconds_sum',
      'sizes_bytes',
      'sizes_bytes_count',
      'sizes_bytes_sum',
    ]);
  });
});
