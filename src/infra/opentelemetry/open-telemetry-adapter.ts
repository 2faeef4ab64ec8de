import type {
  InstrumentOptions,
  SpanIdentity,
  StartSpanOptions,
  Telemetry,
  TelemetryAttributes,
  TelemetryCounter,
  TelemetryGauge,
  TelemetryHistogram,
  TelemetrySpan,
  TelemetrySpanKind,
} from '../../shared/telemetry/telemetry.js';
import { executionContextAttributes } from './execution-context-attributes.js';
import type { OpenTelemetryApi } from './open-telemetry-api.js';
import type { OpenTelemetryMeter } from './open-telemetry-meter.js';
import type {
  OpenTelemetrySpan,
  OpenTelemetrySpanContext,
  OpenTelemetryTracer,
} from './open-telemetry-tracer.js';
import {
  sanitiseAttribute,
  sanitiseAttributes,
  sanitiseText,
  type TelemetrySanitiseOptions,
} from './sanitise-attributes.js';

/** Options of {@link OpenTelemetryAdapter}. */
export interface OpenTelemetryAdapterOptions {
  /** Default: `api.trace.getTracer(instrumentationName, instrumentationVersion)`. */
  readonly tracer?: OpenTelemetryTracer;
  /** Default: `api.metrics.getMeter(instrumentationName, instrumentationVersion)`. */
  readonly meter?: OpenTelemetryMeter;
  /** Default `@baltra/sdk`. */
  readonly instrumentationName?: string;
  readonly instrumentationVersion?: string;
  /**
   * How span names, attributes, metric attributes and recorded errors are sanitised before
   * they reach the exporter (always: an exporter is a third party). Default: the source
   * systems' sanitiser rules — emails `***e.com`, personal ids `***7890`, phones
   * `+52*********78`, secrets `[REDACTED]`, strings cut at 200 characters.
   */
  readonly sanitise?: TelemetrySanitiseOptions;
}

/** A span of the adapter, holding the OpenTelemetry span it wraps. */
class AdapterSpan implements TelemetrySpan {
  constructor(
    readonly inner: OpenTelemetrySpan,
    private readonly api: OpenTelemetryApi,
    private readonly sanitising: TelemetrySanitiseOptions,
  ) {}

  setAttribute(key: string, value: string | number | boolean): void {
    this.inner.setAttribute(key, sanitiseAttribute(key, value, this.sanitising));
  }

  recordError(error: unknown): void {
    const { name, code, message } = describe(error, this.sanitising);
    // Name, code and a sanitised message: never the stack, which may hold paths and data.
    this.inner.recordException({ name, message, ...(code === undefined ? {} : { code }) });
    this.inner.setStatus({ code: this.api.SpanStatusCode.ERROR, message: code ?? name });
  }

  end(): void {
    this.inner.end();
  }

  identity(): SpanIdentity | undefined {
    if (!this.inner.isRecording()) return undefined;
    return toIdentity(this.inner.spanContext());
  }

  propagationContext(): SpanIdentity | undefined {
    const context = this.inner.spanContext();
    return isValid(context) ? toIdentity(context) : undefined;
  }
}

/**
 * The SDK's {@link Telemetry} on `@opentelemetry/api`: counters, histograms and gauges on a
 * `Meter` (instruments created once per name), spans on a `Tracer`, `withSpan` through the
 * OpenTelemetry context (so spans nest and auto-instrumented clients see them), and a remote
 * parent from an inbound `traceparent` honoured. Errors are recorded as exception events with
 * name, code and sanitised message — no stack. Everything handed to OpenTelemetry (span names,
 * span and metric attributes, exception messages) is sanitised first with `sanitise` of
 * `shared/pii`, so no email, phone, personal id or secret reaches an exporter.
 *
 * @example
 * ```ts
 * import * as api from '@opentelemetry/api';
 * setTelemetry(new OpenTelemetryAdapter(api, { instrumentationName: 'candidates-api' }));
 * ```
 */
export class OpenTelemetryAdapter implements Telemetry {
  readonly #api: OpenTelemetryApi;
  readonly #tracer: OpenTelemetryTracer;
  readonly #meter: OpenTelemetryMeter;
  // Instruments are created once per name; their attributes are sanitised on every record.
  readonly #counters = new Map<string, TelemetryCounter>();
  readonly #histograms = new Map<string, TelemetryHistogram>();
  readonly #gauges = new Map<string, TelemetryGauge>();
  readonly #sanitising: TelemetrySanitiseOptions;

  constructor(api: OpenTelemetryApi, options: OpenTelemetryAdapterOptions = {}) {
    const name = options.instrumentationName ?? '@baltra/sdk';
    const version = options.instrumentationVersion;
    this.#api = api;
    this.#tracer = options.tracer ?? api.trace.getTracer(name, version);
    this.#meter = options.meter ?? api.metrics.getMeter(name, version);
    this.#sanitising = options.sanitise ?? {};
  }

  counter(name: string, options: InstrumentOptions = {}): TelemetryCounter {
    return cached(this.#counters, name, () => {
      const counter = this.#meter.createCounter(name, options);
      return { add: (value, attributes) => counter.add(value, this.#attributes(attributes)) };
    });
  }

  histogram(name: string, options: InstrumentOptions = {}): TelemetryHistogram {
    return cached(this.#histograms, name, () => {
      const histogram = this.#meter.createHistogram(name, options);
      return {
        record: (value, attributes) => histogram.record(value, this.#attributes(attributes)),
      };
    });
  }

  gauge(name: string, options: InstrumentOptions = {}): TelemetryGauge {
    return cached(this.#gauges, name, () => {
      const gauge = this.#meter.createGauge(name, options);
      return { record: (value, attributes) => gauge.record(value, this.#attributes(attributes)) };
    });
  }

  startSpan(name: string, options: StartSpanOptions = {}): TelemetrySpan {
    const api = this.#api;
    const active = api.context.active();
    const parent =
      options.parent === undefined
        ? active
        : api.trace.setSpanContext(active, this.#spanContext(options.parent));
    // The caller's attributes win over the execution context's.
    const fromContext = executionContextAttributes();
    const attributes = sanitiseAttributes(
      fromContext === undefined ? options.attributes : { ...fromContext, ...options.attributes },
      this.#sanitising,
    );
    const span = this.#tracer.startSpan(
      sanitiseText(name, this.#sanitising),
      {
        kind: this.#kind(options.kind ?? 'internal'),
        ...(attributes === undefined ? {} : { attributes }),
        ...(options.links === undefined || options.links.length === 0
          ? {}
          : { links: options.links.map((link) => ({ context: this.#spanContext(link) })) }),
      },
      parent,
    );
    return new AdapterSpan(span, api, this.#sanitising);
  }

  withSpan<T>(span: TelemetrySpan, fn: () => T): T {
    if (!(span instanceof AdapterSpan)) return fn();
    const api = this.#api;
    return api.context.with(api.trace.setSpan(api.context.active(), span.inner), fn);
  }

  /** The active span's ids (recorded or only propagated), or `undefined` outside any trace. */
  activeSpan(): SpanIdentity | undefined {
    const context = this.#api.trace.getSpanContext?.(this.#api.context.active());
    return context !== undefined && isValid(context) ? toIdentity(context) : undefined;
  }

  /** A remote span context for a parent or link, its `tracestate` kept when the API parses it. */
  #spanContext(identity: SpanIdentity): OpenTelemetrySpanContext {
    const { traceId, spanId, traceFlags, traceState } = identity;
    const parsed =
      traceState === undefined || this.#api.createTraceState === undefined
        ? undefined
        : this.#api.createTraceState(traceState);
    return {
      traceId,
      spanId,
      traceFlags,
      isRemote: true,
      ...(parsed === undefined ? {} : { traceState: parsed }),
    };
  }

  #attributes(attributes: TelemetryAttributes | undefined): TelemetryAttributes | undefined {
    return sanitiseAttributes(attributes, this.#sanitising);
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

/** Non-zero ids (a non-recording span of an API without an SDK has zero ones). */
function isValid(context: OpenTelemetrySpanContext): boolean {
  return !/^0*$/.test(context.traceId) && !/^0*$/.test(context.spanId);
}

function toIdentity(context: OpenTelemetrySpanContext): SpanIdentity {
  const { traceId, spanId, traceFlags } = context;
  const traceState = context.traceState?.serialize();
  return { traceId, spanId, traceFlags, ...(traceState ? { traceState } : {}) };
}

function cached<T>(map: Map<string, T>, name: string, create: () => T): T {
  let instrument = map.get(name);
  if (instrument === undefined) {
    instrument = create();
    map.set(name, instrument);
  }
  return instrument;
}

function describe(
  error: unknown,
  sanitising: TelemetrySanitiseOptions,
): { name: string; code: string | undefined; message: string } {
  if (typeof error !== 'object' || error === null) {
    return { name: typeof error, code: undefined, message: '' };
  }
  const { name, code, message } = error as { name?: unknown; code?: unknown; message?: unknown };
  return {
    name: typeof name === 'string' ? sanitiseText(name, sanitising) : 'Error',
    code: typeof code === 'string' ? sanitiseText(code, sanitising) : undefined,
    message: typeof message === 'string' ? sanitiseText(message, sanitising) : '',
  };
}
