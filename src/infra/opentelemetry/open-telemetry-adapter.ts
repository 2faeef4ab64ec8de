import type { Counter, Gauge, Histogram, Meter, Span, Tracer } from '@opentelemetry/api';
import { maskSensitiveText } from '../../shared/logging/mask-sensitive-text.js';
import type {
  InstrumentOptions,
  SpanIdentity,
  StartSpanOptions,
  Telemetry,
  TelemetryCounter,
  TelemetryGauge,
  TelemetryHistogram,
  TelemetrySpan,
  TelemetrySpanKind,
} from '../../shared/telemetry/telemetry.js';
import type { OpenTelemetryApi } from './open-telemetry-api.js';

/** Options of {@link OpenTelemetryAdapter}. */
export interface OpenTelemetryAdapterOptions {
  /** Default: `api.trace.getTracer(instrumentationName, instrumentationVersion)`. */
  readonly tracer?: Tracer;
  /** Default: `api.metrics.getMeter(instrumentationName, instrumentationVersion)`. */
  readonly meter?: Meter;
  /** Default `@baltra/sdk`. */
  readonly instrumentationName?: string;
  readonly instrumentationVersion?: string;
}

/** A span of the adapter, holding the OpenTelemetry span it wraps. */
class OpenTelemetrySpan implements TelemetrySpan {
  constructor(
    readonly inner: Span,
    private readonly api: OpenTelemetryApi,
  ) {}

  setAttribute(key: string, value: string | number | boolean): void {
    this.inner.setAttribute(key, value);
  }

  recordError(error: unknown): void {
    const { name, code, message } = describe(error);
    // Name, code and a masked message: never the stack, which may hold paths and data.
    this.inner.recordException({ name, message, ...(code === undefined ? {} : { code }) });
    this.inner.setStatus({ code: this.api.SpanStatusCode.ERROR, message: code ?? name });
  }

  end(): void {
    this.inner.end();
  }

  identity(): SpanIdentity | undefined {
    if (!this.inner.isRecording()) return undefined;
    const { traceId, spanId, traceFlags } = this.inner.spanContext();
    return { traceId, spanId, traceFlags };
  }
}

/**
 * The SDK's {@link Telemetry} on `@opentelemetry/api`: counters, histograms and gauges on a
 * `Meter` (instruments created once per name), spans on a `Tracer`, `withSpan` through the
 * OpenTelemetry context (so spans nest and auto-instrumented clients see them), and a remote
 * parent from an inbound `traceparent` honoured. Errors are recorded as exception events with
 * name, code and masked message — no stack.
 *
 * @example
 * ```ts
 * import * as api from '@opentelemetry/api';
 * setTelemetry(new OpenTelemetryAdapter(api, { instrumentationName: 'candidates-api' }));
 * ```
 */
export class OpenTelemetryAdapter implements Telemetry {
  readonly #api: OpenTelemetryApi;
  readonly #tracer: Tracer;
  readonly #meter: Meter;
  readonly #counters = new Map<string, Counter>();
  readonly #histograms = new Map<string, Histogram>();
  readonly #gauges = new Map<string, Gauge>();

  constructor(api: OpenTelemetryApi, options: OpenTelemetryAdapterOptions = {}) {
    const name = options.instrumentationName ?? '@baltra/sdk';
    const version = options.instrumentationVersion;
    this.#api = api;
    this.#tracer = options.tracer ?? api.trace.getTracer(name, version);
    this.#meter = options.meter ?? api.metrics.getMeter(name, version);
  }

  counter(name: string, options: InstrumentOptions = {}): TelemetryCounter {
    return cached(this.#counters, name, () => this.#meter.createCounter(name, options));
  }

  histogram(name: string, options: InstrumentOptions = {}): TelemetryHistogram {
    return cached(this.#histograms, name, () => this.#meter.createHistogram(name, options));
  }

  gauge(name: string, options: InstrumentOptions = {}): TelemetryGauge {
    return cached(this.#gauges, name, () => this.#meter.createGauge(name, options));
  }

  startSpan(name: string, options: StartSpanOptions = {}): TelemetrySpan {
    const api = this.#api;
    const active = api.context.active();
    const parent =
      options.parent === undefined
        ? active
        : api.trace.setSpanContext(active, { ...options.parent, isRemote: true });
    const span = this.#tracer.startSpan(
      name,
      {
        kind: this.#kind(options.kind ?? 'internal'),
        ...(options.attributes === undefined ? {} : { attributes: { ...options.attributes } }),
      },
      parent,
    );
    return new OpenTelemetrySpan(span, api);
  }

  withSpan<T>(span: TelemetrySpan, fn: () => T): T {
    if (!(span instanceof OpenTelemetrySpan)) return fn();
    const api = this.#api;
    return api.context.with(api.trace.setSpan(api.context.active(), span.inner), fn);
  }

  #kind(kind: TelemetrySpanKind): number {
    const { SpanKind } = this.#api;
    switch (kind) {
      case 'server':
        return SpanKind.SERVER;
      case 'client':
        return SpanKind.CLIENT;
      case 'producer':
        return SpanKind.PRODUCER;
      case 'consumer':
        return SpanKind.CONSUMER;
      default:
        return SpanKind.INTERNAL;
    }
  }
}

function cached<T>(map: Map<string, T>, name: string, create: () => T): T {
  let instrument = map.get(name);
  if (instrument === undefined) {
    instrument = create();
    map.set(name, instrument);
  }
  return instrument;
}

function describe(error: unknown): { name: string; code: string | undefined; message: string } {
  if (typeof error !== 'object' || error === null) {
    return { name: typeof error, code: undefined, message: '' };
  }
  const { name, code, message } = error as { name?: unknown; code?: unknown; message?: unknown };
  return {
    name: typeof name === 'string' ? name : 'Error',
    code: typeof code === 'string' ? code : undefined,
    message: typeof message === 'string' ? maskSensitiveText(message).slice(0, 500) : '',
  };
}
