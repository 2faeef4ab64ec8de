import { getLogger } from '../../shared/logging/configure-logging.js';
import type { Logger } from '../../shared/logging/logger.js';
import { catalogueMetric } from '../../shared/telemetry/catalogue-metric.js';
import { METRICS, type MetricKind } from '../../shared/telemetry/metric-catalogue.js';
import type { MetricsSource } from '../../shared/telemetry/metrics-source.js';
import { noopTelemetry } from '../../shared/telemetry/noop-telemetry.js';
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
} from '../../shared/telemetry/telemetry.js';
import {
  type LabelPlan,
  LabelPolicy,
  type LabelPolicyOptions,
  prometheusMetricName,
} from './label-policy.js';
import type { MetricsCollector } from './metrics-collector.js';
import type { PromClientModule, PrometheusRegistry } from './prom-client-slice.js';

/**
 * Histogram buckets, in seconds, of every histogram without buckets of its own: 5 ms to
 * 5 minutes, covering HTTP requests (tens of milliseconds) and worker actions (up to the
 * enterprise handler timeout of 300 s).
 */
export const DEFAULT_SECONDS_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300,
]);

/** Options of {@link PrometheusTelemetry}. */
export interface PrometheusTelemetryOptions extends LabelPolicyOptions {
  /** Where the metrics are registered; default a new `Registry` of its own. */
  readonly registry?: PrometheusRegistry;
  /**
   * Where spans go (`startSpan`, `withSpan`): an `OpenTelemetryAdapter` for traces; default
   * the no-op telemetry (no traces). Metrics are never forwarded to it.
   */
  readonly tracing?: Telemetry;
  /** Buckets (seconds) of every histogram; default {@link DEFAULT_SECONDS_BUCKETS}. */
  readonly buckets?: readonly number[];
  /** Buckets of single histograms, by metric name. */
  readonly bucketsByMetric?: Readonly<Record<string, readonly number[]>>;
  /** Node process metrics of `prom-client` (`process_*`, `nodejs_*`); default true. */
  readonly defaultMetrics?: boolean | { readonly prefix?: string };
  /**
   * Register every catalogue metric that has labels up front, so a scrape lists the whole
   * catalogue (HELP and TYPE) before anything happened; default true.
   */
  readonly registerCatalogue?: boolean;
  /** Longest a collector may take in one scrape; default 5,000 ms. */
  readonly collectTimeoutMs?: number;
  /** Where failed collections and refused metrics are logged; default `getLogger()`. */
  readonly logger?: Logger;
}

type Instrument = TelemetryCounter & TelemetryHistogram & TelemetryGauge;

const noopInstrument: Instrument = Object.freeze({ add() {}, record() {} });

/**
 * The SDK's {@link Telemetry} on a `prom-client` registry (optional peer `prom-client` ^15):
 * counters, histograms and gauges are created on first use, named as recorded (catalogue names
 * already follow Prometheus conventions: counters end in `_total` and are exposed exactly so,
 * durations are `_seconds` histograms), described by the catalogue. Labels follow the
 * label policy: catalogue metrics keep their declared attributes and `tier`; tenant ids
 * only when `tenantLabels` is enabled, capped; other labels capped per metric. Spans go to
 * `tracing` (e.g. the OpenTelemetry adapter). Scrape-time values come from collectors
 * ({@link PrometheusTelemetry.addCollector}). It is also a `MetricsSource`: hand it to
 * `expressMetricsHandler`, `fastifyMetricsHandler` or `startMetricsServer`.
 *
 * Create it with {@link loadPrometheusTelemetry}, which imports `prom-client`.
 *
 * @example
 * ```ts
 * import * as promClient from 'prom-client';
 * const telemetry = new PrometheusTelemetry(promClient, { tenantLabels: { enabled: true, maxValues: 20 } });
 * setTelemetry(telemetry);
 * ```
 */
export class PrometheusTelemetry implements Telemetry, MetricsSource {
  readonly registry: PrometheusRegistry;
  private readonly instruments = new Map<
    string,
    { readonly kind: MetricKind; readonly instrument: Instrument }
  >();
  private readonly refused = new Set<string>();
  private readonly policy: LabelPolicy;
  private readonly tracing: Telemetry;
  private readonly collectors: MetricsCollector[] = [];
  private collecting: Promise<void> | undefined;
  private readonly collectTimeoutMs: number;

  constructor(
    private readonly prom: PromClientModule,
    private readonly options: PrometheusTelemetryOptions = {},
  ) {
    this.registry = options.registry ?? new prom.Registry();
    this.policy = new LabelPolicy(options);
    this.tracing = options.tracing ?? noopTelemetry;
    this.collectTimeoutMs = options.collectTimeoutMs ?? 5_000;
    const defaults = options.defaultMetrics ?? true;
    if (defaults !== false) {
      const prefix = typeof defaults === 'object' ? (defaults.prefix ?? '') : '';
      try {
        // Once per registry: prom-client refuses to register them twice.
        if (
          this.registry.getSingleMetric(`${prefix}process_cpu_user_seconds_total`) === undefined
        ) {
          prom.collectDefaultMetrics({ register: this.registry as never, prefix });
        }
      } catch (error) {
        this.logger().warn('process metrics could not be registered', { error: describe(error) });
      }
    }
    if (options.registerCatalogue ?? true) {
      for (const metric of Object.values(METRICS)) {
        if (metric.attributes.length > 0) this.instrument(metric.kind, metric.name, {});
      }
    }
  }

  /** The registry's content type (Prometheus text format 0.0.4 by default). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Renders the registry (collectors run first); what a scrape returns. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  counter(name: string, options?: InstrumentOptions): TelemetryCounter {
    return this.instrument('counter', name, options);
  }

  histogram(name: string, options?: InstrumentOptions): TelemetryHistogram {
    return this.instrument('histogram', name, options);
  }

  gauge(name: string, options?: InstrumentOptions): TelemetryGauge {
    return this.instrument('gauge', name, options);
  }

  startSpan(name: string, options?: StartSpanOptions): TelemetrySpan {
    return this.tracing.startSpan(name, options);
  }

  withSpan<T>(span: TelemetrySpan, fn: () => T): T {
    return this.tracing.withSpan(span, fn);
  }

  activeSpan(): SpanIdentity | undefined {
    return this.tracing.activeSpan?.();
  }

  /**
   * Adds values read at every scrape (see {@link MetricsCollector}); the metrics it names are
   * registered at once. Returns a function that removes it.
   */
  addCollector(collector: MetricsCollector): () => void {
    this.collectors.push(collector);
    for (const metric of collector.metrics) this.instrument(metric.kind, metric.name, {});
    return () => {
      const index = this.collectors.indexOf(collector);
      if (index >= 0) this.collectors.splice(index, 1);
    };
  }

  /** Runs every collector once for the scrape in progress (gauges await it before reading). */
  private collect(): Promise<void> {
    if (this.collectors.length === 0) return Promise.resolve();
    this.collecting ??= Promise.all(
      this.collectors.map((collector) => this.runCollector(collector)),
    )
      .then(() => undefined)
      .finally(() => {
        this.collecting = undefined;
      });
    return this.collecting;
  }

  private async runCollector(collector: MetricsCollector): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(() => collector.collect(this)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`did not finish within ${this.collectTimeoutMs} ms`)),
            this.collectTimeoutMs,
          );
        }),
      ]);
    } catch (error) {
      this.logger().warn('metrics collector failed', {
        collector: collector.name,
        error: describe(error),
      });
    } finally {
      clearTimeout(timer);
    }
  }

  private instrument(
    kind: MetricKind,
    recordedName: string,
    options?: InstrumentOptions,
  ): Instrument {
    const known = this.instruments.get(recordedName);
    if (known !== undefined) {
      if (known.kind === kind) return known.instrument;
      return this.refuse(recordedName, `recorded as a ${kind}, registered as a ${known.kind}`);
    }
    const catalogue = catalogueMetric(recordedName);
    const instrument =
      catalogue !== undefined && catalogue.kind !== kind
        ? this.refuse(recordedName, `recorded as a ${kind}, the catalogue says ${catalogue.kind}`)
        : this.create(kind, recordedName, options);
    this.instruments.set(recordedName, { kind, instrument });
    return instrument;
  }

  /** Logs (once per name and kind) that a metric is recorded as the wrong kind; a no-op. */
  private refuse(name: string, why: string): Instrument {
    if (!this.refused.has(`${name} ${why}`)) {
      this.refused.add(`${name} ${why}`);
      this.logger().warn('metric recorded as another kind: not exported', { metric: name, why });
    }
    return noopInstrument;
  }

  /**
   * Creates an instrument. A catalogue metric gets its label plan now; another one on its
   * first record, from that record's keys.
   */
  private create(kind: MetricKind, recordedName: string, options?: InstrumentOptions): Instrument {
    const catalogue = catalogueMetric(recordedName);
    const name = prometheusMetricName(recordedName);
    const help = options?.description ?? catalogue?.description ?? recordedName;
    let bound: ((value: number, attributes?: TelemetryAttributes) => void) | undefined;
    const bind = (attributes?: TelemetryAttributes) => {
      const plan = this.policy.plan(catalogue, attributes);
      const record = this.register(kind, name, help, plan);
      bound = (value, attrs) => record(plan, value, attrs);
      return bound;
    };
    if (catalogue !== undefined) bind();
    const record = (value: number, attributes?: TelemetryAttributes) =>
      (bound ?? bind(attributes))(value, attributes);
    return { add: record, record };
  }

  /** Registers the prom-client metric; returns how one value is recorded on it. */
  private register(
    kind: MetricKind,
    name: string,
    help: string,
    plan: LabelPlan,
  ): (plan: LabelPlan, value: number, attributes?: TelemetryAttributes) => void {
    const configuration = {
      name,
      help,
      labelNames: plan.labelNames,
      // The registry prom-client created, or the one the user gave: one of prom-client's own.
      registers: [this.registry as never],
    };
    try {
      switch (kind) {
        case 'counter': {
          const counter = new this.prom.Counter(configuration);
          return (p, value, attributes) => {
            if (value >= 0 && Number.isFinite(value)) counter.inc(p.labels(attributes), value);
          };
        }
        case 'histogram': {
          const buckets = [
            ...(this.options.bucketsByMetric?.[name] ??
              this.options.buckets ??
              DEFAULT_SECONDS_BUCKETS),
          ];
          const histogram = new this.prom.Histogram({ ...configuration, buckets });
          return (p, value, attributes) => {
            if (Number.isFinite(value)) histogram.observe(p.labels(attributes), value);
          };
        }
        case 'gauge': {
          const collect = () => this.collect();
          const gauge = new this.prom.Gauge({ ...configuration, collect });
          return (p, value, attributes) => {
            if (!Number.isNaN(value)) gauge.set(p.labels(attributes), value);
          };
        }
      }
    } catch (error) {
      // A name taken in a shared registry by a metric of someone else, an invalid name …
      this.logger().warn('metric could not be registered: not exported', {
        metric: name,
        error: describe(error),
      });
      return () => {};
    }
  }

  private logger(): Logger {
    return this.options.logger ?? getLogger();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
