/** Attribute values attached to metrics and spans: low-cardinality, never PII or secrets. */
export type TelemetryAttributes = Readonly<Record<string, string | number | boolean>>;

/** Description and unit of an instrument (UCUM units: `s`, `By`, `1`, `{request}` …). */
export interface InstrumentOptions {
  readonly description?: string;
  readonly unit?: string;
}

/** A monotonic counter. */
export interface TelemetryCounter {
  add(value: number, attributes?: TelemetryAttributes): void;
}

/** A distribution of values (durations in seconds, sizes in bytes). */
export interface TelemetryHistogram {
  record(value: number, attributes?: TelemetryAttributes): void;
}

/** A value that goes up and down (a queue depth, a circuit breaker's state). */
export interface TelemetryGauge {
  record(value: number, attributes?: TelemetryAttributes): void;
}

/** The role of a span in a trace. */
export type TelemetrySpanKind = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** Identity of a span in W3C Trace Context terms (hex ids, flags). */
export interface SpanIdentity {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceFlags: number;
  /** The W3C `tracestate` (vendor entries) travelling with the span, when there is one. */
  readonly traceState?: string;
}

/** Options of {@link Telemetry.startSpan}. */
export interface StartSpanOptions {
  readonly kind?: TelemetrySpanKind;
  readonly attributes?: TelemetryAttributes;
  /** A remote parent (from an inbound `traceparent`); default: the active span, if any. */
  readonly parent?: SpanIdentity;
  /**
   * Spans this one is causally related to without being their child (the producers of the
   * messages a consumer span handles, the creation contexts a batch send carries).
   */
  readonly links?: readonly SpanIdentity[];
}

/** A unit of traced work. End it exactly once. */
export interface TelemetrySpan {
  setAttribute(key: string, value: string | number | boolean): void;
  /** Marks the span failed and records the error's name, code and masked message (no stack). */
  recordError(error: unknown): void;
  end(): void;
  /** The span's ids, or `undefined` when it is not recorded (the no-op telemetry). */
  identity(): SpanIdentity | undefined;
  /**
   * The ids to hand on with a message or request, recorded or not: a span sampled out still
   * has them (flags 00), so its consumers are not sampled either. Optional; without it callers
   * use `identity()`.
   */
  propagationContext?(): SpanIdentity | undefined;
}

/**
 * The metrics and tracing hook of the SDK, independent of any provider. The default is a
 * no-op ({@link noopTelemetry}); `@baltra/sdk/opentelemetry` implements it on
 * `@opentelemetry/api`. Instruments are looked up by name on every call, so implementations
 * cache them.
 *
 * @example
 * ```ts
 * const telemetry = getTelemetry();
 * telemetry.counter(METRICS.cacheHitsTotal.name).add(1, { cache: 'vacancies' });
 * const span = telemetry.startSpan('import leads', { kind: 'internal' });
 * try { await telemetry.withSpan(span, () => importLeads()); } finally { span.end(); }
 * ```
 */
export interface Telemetry {
  counter(name: string, options?: InstrumentOptions): TelemetryCounter;
  histogram(name: string, options?: InstrumentOptions): TelemetryHistogram;
  gauge(name: string, options?: InstrumentOptions): TelemetryGauge;
  startSpan(name: string, options?: StartSpanOptions): TelemetrySpan;
  /** Runs `fn` with `span` active, so spans started inside become its children. */
  withSpan<T>(span: TelemetrySpan, fn: () => T): T;
  /**
   * The identity of the active span (the one new spans would be children of), if any and
   * recorded. Optional: implementations without it make `currentSpanIdentity()` fall back
   * to the trace of the execution context.
   */
  activeSpan?(): SpanIdentity | undefined;
}
