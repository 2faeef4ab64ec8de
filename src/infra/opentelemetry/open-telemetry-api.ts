import type { OpenTelemetryMeter } from './open-telemetry-meter.js';
import type {
  OpenTelemetryContext,
  OpenTelemetrySpan,
  OpenTelemetrySpanContext,
  OpenTelemetryTracer,
  OpenTelemetryTraceState,
} from './open-telemetry-tracer.js';

/** The slice of `@opentelemetry/api`'s `context` the adapter uses. */
export interface OpenTelemetryContextApi {
  active(): OpenTelemetryContext;
  with<T>(context: OpenTelemetryContext, fn: () => T): T;
}

/** The slice of `@opentelemetry/api`'s `trace` the adapter uses. */
export interface OpenTelemetryTraceApi {
  getTracer(name: string, version?: string): OpenTelemetryTracer;
  setSpan(context: OpenTelemetryContext, span: OpenTelemetrySpan): OpenTelemetryContext;
  setSpanContext(
    context: OpenTelemetryContext,
    spanContext: OpenTelemetrySpanContext,
  ): OpenTelemetryContext;
  /** The span context active in `context`; optional (without it `activeSpan()` is unknown). */
  getSpanContext?(context: OpenTelemetryContext): OpenTelemetrySpanContext | undefined;
}

/** The slice of `@opentelemetry/api`'s `metrics` the adapter uses. */
export interface OpenTelemetryMetricsApi {
  getMeter(name: string, version?: string): OpenTelemetryMeter;
}

/**
 * The slice of `@opentelemetry/api` the adapter uses: `context`, `trace`, `metrics`, and the
 * `SpanKind` and `SpanStatusCode` enums. Declared here, not imported, so the SDK's
 * declarations type-check without the optional peer (docs/adr/0026); the module itself fits
 * (a test holds `@opentelemetry/api` 1.x to it), so pass it as it is.
 *
 * @example
 * ```ts
 * import * as api from '@opentelemetry/api';
 * const otel: OpenTelemetryApi = api;
 * setTelemetry(new OpenTelemetryAdapter(otel, { instrumentationName: 'candidates-api' }));
 * ```
 */
export interface OpenTelemetryApi {
  readonly context: OpenTelemetryContextApi;
  readonly trace: OpenTelemetryTraceApi;
  readonly metrics: OpenTelemetryMetricsApi;
  readonly SpanKind: {
    readonly INTERNAL: number;
    readonly SERVER: number;
    readonly CLIENT: number;
    readonly PRODUCER: number;
    readonly CONSUMER: number;
  };
  readonly SpanStatusCode: { readonly ERROR: number };
  /**
   * Parses a W3C `tracestate`; optional (without it a remote parent's or link's `tracestate`
   * is dropped).
   */
  readonly createTraceState?: (raw?: string) => OpenTelemetryTraceState;
}
