import type {
  SpanIdentity,
  StartSpanOptions,
  Telemetry,
  TelemetryAttributes,
  TelemetrySpan,
} from '../../../src/shared/telemetry/telemetry.js';

/** One value recorded on an instrument. */
export interface RecordedPoint {
  readonly name: string;
  readonly kind: 'counter' | 'histogram' | 'gauge';
  readonly value: number;
  readonly attributes: TelemetryAttributes;
}

/** One span, as started and ended. */
export interface RecordedSpan {
  readonly name: string;
  readonly options: StartSpanOptions;
  readonly attributes: Record<string, string | number | boolean>;
  readonly errors: unknown[];
  ended: boolean;
}

/** A hand-written Telemetry fake that keeps what it was given. */
export class RecordingTelemetry implements Telemetry {
  readonly points: RecordedPoint[] = [];
  readonly spans: RecordedSpan[] = [];

  counter(name: string) {
    return {
      add: (value: number, attributes: TelemetryAttributes = {}) =>
        this.#push(name, 'counter', value, attributes),
    };
  }

  histogram(name: string) {
    return {
      record: (value: number, attributes: TelemetryAttributes = {}) =>
        this.#push(name, 'histogram', value, attributes),
    };
  }

  gauge(name: string) {
    return {
      record: (value: number, attributes: TelemetryAttributes = {}) =>
        this.#push(name, 'gauge', value, attributes),
    };
  }

  startSpan(name: string, options: StartSpanOptions = {}): TelemetrySpan {
    const span: RecordedSpan = {
      name,
      options,
      attributes: { ...options.attributes },
      errors: [],
      ended: false,
    };
    this.spans.push(span);
    return {
      setAttribute: (key, value) => {
        span.attributes[key] = value;
      },
      recordError: (error) => {
        span.errors.push(error);
      },
      end: () => {
        span.ended = true;
      },
      identity: (): SpanIdentity | undefined => undefined,
    };
  }

  withSpan<T>(_span: TelemetrySpan, fn: () => T): T {
    return fn();
  }

  /** Points recorded on the metric `name`. */
  named(name: string): RecordedPoint[] {
    return this.points.filter((point) => point.name === name);
  }

  #push(
    name: string,
    kind: RecordedPoint['kind'],
    value: number,
    attributes: TelemetryAttributes,
  ): void {
    this.points.push({ name, kind, value, attributes });
  }
}
