/**
 * `@baltra/sdk/opentelemetry`: the SDK's provider-agnostic `Telemetry` implemented on
 * `@opentelemetry/api`, an optional peer loaded only by `loadOpenTelemetry()` (or passed in
 * by the caller). Importing this entry loads no OpenTelemetry module.
 *
 * @packageDocumentation
 */

export { loadOpenTelemetry } from './load-open-telemetry.js';
export type { OpenTelemetryAdapterOptions } from './open-telemetry-adapter.js';
export { OpenTelemetryAdapter } from './open-telemetry-adapter.js';
export type { OpenTelemetryApi } from './open-telemetry-api.js';
export type { TelemetrySanitiseOptions } from './sanitise-attributes.js';
