import type { TelemetryAttributes } from '../../shared/telemetry/telemetry.js';

/** An OpenTelemetry `Context`: an immutable map the API reads and derives. */
export interface OpenTelemetryContext {
  getValue(key: symbol): unknown;
  setValue(key: symbol, value: unknown): OpenTelemetryContext;
  deleteValue(key: symbol): OpenTelemetryContext;
}

/** An OpenTelemetry `SpanContext`: the W3C Trace Context identity of a span. */
export interface OpenTelemetrySpanContext {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceFlags: number;
  readonly isRemote?: boolean;
}

/** The slice of an OpenTelemetry `Span` the adapter uses. */
export interface OpenTelemetrySpan {
  spanContext(): OpenTelemetrySpanContext;
  setAttribute(key: string, value: string | number | boolean): unknown;
  setStatus(status: { readonly code: number; readonly message?: string }): unknown;
  recordException(exception: {
    readonly name: string;
    readonly message: string;
    readonly code?: string;
  }): void;
  isRecording(): boolean;
  end(): void;
}

/** The options of {@link OpenTelemetryTracer.startSpan} the adapter passes. */
export interface OpenTelemetrySpanOptions {
  /** A `SpanKind` value. */
  readonly kind?: number;
  readonly attributes?: TelemetryAttributes;
}

/**
 * The slice of an OpenTelemetry `Tracer` the adapter uses: `startSpan`. Any `Tracer` of
 * `@opentelemetry/api` 1.x fits (so do wrappers).
 *
 * @example
 * ```ts
 * import { trace } from '@opentelemetry/api';
 * const tracer: OpenTelemetryTracer = trace.getTracer('candidates-api');
 * ```
 */
export interface OpenTelemetryTracer {
  startSpan(
    name: string,
    options?: OpenTelemetrySpanOptions,
    context?: OpenTelemetryContext,
  ): OpenTelemetrySpan;
}
