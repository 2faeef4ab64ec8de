import type { TelemetryAttributes } from '../../shared/telemetry/telemetry.js';

/** An OpenTelemetry `Context`: an immutable map the API reads and derives. */
export interface OpenTelemetryContext {
  getValue(key: symbol): unknown;
  setValue(key: symbol, value: unknown): OpenTelemetryContext;
  deleteValue(key: symbol): OpenTelemetryContext;
}

/** An OpenTelemetry `TraceState`: the vendor entries of a W3C `tracestate`. */
export interface OpenTelemetryTraceState {
  set(key: string, value: string): OpenTelemetryTraceState;
  unset(key: string): OpenTelemetryTraceState;
  get(key: string): string | undefined;
  serialize(): string;
}

/** An OpenTelemetry `SpanContext`: the W3C Trace Context identity of a span. */
export interface OpenTelemetrySpanContext {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceFlags: number;
  readonly isRemote?: boolean;
  readonly traceState?: OpenTelemetryTraceState;
}

/** An OpenTelemetry `Link`: a span context a new span relates to without being its child. */
export interface OpenTelemetryLink {
  readonly context: OpenTelemetrySpanContext;
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
  links?: OpenTelemetryLink[];
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
