/**
 * `@baltra/sdk/opentelemetry`: the SDK's provider-agnostic `Telemetry` implemented on
 * `@opentelemetry/api`, an optional peer loaded only by `loadOpenTelemetry()` (or passed in
 * by the caller). Importing this entry loads no OpenTelemetry module.
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
export type { OpenTelemetryApi } from './open-telemetry-api.js';
export type { TelemetrySanitiseOptions } from './sanitise-attributes.js';
