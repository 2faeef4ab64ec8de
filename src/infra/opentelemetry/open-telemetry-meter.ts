import type { InstrumentOptions, TelemetryAttributes } from '../../shared/telemetry/telemetry.js';

/** The slice of an OpenTelemetry `Counter` the adapter uses. */
export interface OpenTelemetryCounter {
  add(value: number, attributes?: TelemetryAttributes): void;
}

/** The slice of an OpenTelemetry `Histogram` or `Gauge` the adapter uses. */
export interface OpenTelemetryRecorder {
  record(value: number, attributes?: TelemetryAttributes): void;
}

/**
 * The slice of an OpenTelemetry `Meter` the adapter uses: counters, histograms and gauges.
 * Any `Meter` of `@opentelemetry/api` 1.9+ fits (so do wrappers).
 *
 * @example
 * ```ts
 * import { metrics } from '@opentelemetry/api';
 * const meter: OpenTelemetryMeter = metrics.getMeter('candidates-api');
 * ```
 */
export interface OpenTelemetryMeter {
  createCounter(name: string, options?: InstrumentOptions): OpenTelemetryCounter;
  createHistogram(name: string, options?: InstrumentOptions): OpenTelemetryRecorder;
  createGauge(name: string, options?: InstrumentOptions): OpenTelemetryRecorder;
}
