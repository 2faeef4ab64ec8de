/**
 * `@baltra/sdk/opentelemetry`: the SDK's provider-agnostic `Telemetry` implemented on
 * `@opentelemetry/api`, an optional peer loaded only by `loadOpenTelemetry()` (or passed in
 * by the caller). Importing this entry loads no OpenTelemetry module, and its declarations
 * name none: the parts of the API the adapter uses are declared here (`OpenTelemetryApi`,
 * `OpenTelemetryTracer`, `OpenTelemetryMeter`).
 *
 * @packageDocumentation
 */

// The declarations of `@baltra/sdk` that this entry's signatures name, exported here too so
// that the entry is complete on its own (API Extractor: no ae-forgotten-export, issue #17).
export type {
  EmailMaskStyle,
  InstrumentOptions,
  SanitiseOptions,
  SpanIdentity,
  StartSpanOptions,
  Telemetry,
  TelemetryAttributes,
  TelemetryCounter,
  TelemetryGauge,
  TelemetryHistogram,
  TelemetrySpan,
  TelemetrySpanKind,
  TruncationMarker,
} from '../../shared/index.js';
export { loadOpenTelemetry } from './load-open-telemetry.js';
export type { OpenTelemetryAdapterOptions } from './open-telemetry-adapter.js';
export { OpenTelemetryAdapter } from './open-telemetry-adapter.js';
export type {
  OpenTelemetryApi,
  OpenTelemetryContextApi,
  OpenTelemetryMetricsApi,
  OpenTelemetryTraceApi,
} from './open-telemetry-api.js';
export type {
  OpenTelemetryCounter,
  OpenTelemetryMeter,
  OpenTelemetryRecorder,
} from './open-telemetry-meter.js';
export type {
  OpenTelemetryContext,
  OpenTelemetryLink,
  OpenTelemetrySpan,
  OpenTelemetrySpanContext,
  OpenTelemetrySpanOptions,
  OpenTelemetryTracer,
  OpenTelemetryTraceState,
} from './open-telemetry-tracer.js';
export type { TelemetrySanitiseOptions } from './sanitise-attributes.js';
