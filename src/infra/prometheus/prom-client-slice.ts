/** Label values of one series, by label name. */
export type PrometheusLabels = Readonly<Record<string, string>>;

/** One metric a registry holds, as {@link PrometheusRegistry.getMetricsAsArray} lists it. */
export interface PrometheusMetricEntry {
  readonly name: string;
  /**
   * `counter`, `gauge`, `histogram` or `summary` (prom-client's declarations call it a numeric
   * enum; at run time it is the string).
   */
  readonly type: string | number;
}

/**
 * The slice of a `prom-client` `Registry` the SDK uses: render the exposition, list the
 * metrics and find one by name. A `Registry` of `prom-client` 15 fits it (the global
 * `register` too). Declared here, not imported, so the SDK's declarations type-check without
 * the optional peer (docs/adr/0026).
 *
 * @example
 * ```ts
 * import { Registry } from 'prom-client';
 * const registry: PrometheusRegistry = new Registry();
 * ```
 */
export interface PrometheusRegistry {
  /** The `content-type` of {@link PrometheusRegistry.metrics}'s text. */
  readonly contentType: string;
  metrics(): Promise<string>;
  getMetricsAsArray(): readonly PrometheusMetricEntry[];
  getSingleMetric(name: string): object | undefined;
}

/**
 * What a `prom-client` metric is created with. `registers` holds registries of prom-client
 * itself (typed `never` here, so that prom-client's constructors, which want their own
 * `Registry` class, fit the slice; the SDK passes the registry it was given).
 */
export interface PromMetricConfiguration {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly registers: never[];
}

/** A `prom-client` `Counter`, as the SDK uses it. */
export interface PromCounter {
  inc(labels: PrometheusLabels, value?: number): void;
}

/** A `prom-client` `Gauge`, as the SDK uses it. */
export interface PromGauge {
  set(labels: PrometheusLabels, value: number): void;
}

/** A `prom-client` `Histogram`, as the SDK uses it. */
export interface PromHistogram {
  observe(labels: PrometheusLabels, value: number): void;
}

/**
 * The slice of the `prom-client` module the SDK uses: its registry, the three metric types
 * and the default process metrics. The module itself fits it.
 */
export interface PromClientModule {
  readonly Registry: new () => PrometheusRegistry;
  readonly Counter: new (configuration: PromMetricConfiguration) => PromCounter;
  readonly Gauge: new (
    configuration: PromMetricConfiguration & {
      /** Called at every scrape before the values are read (may be async). */
      collect?(): Promise<void> | void;
    },
  ) => PromGauge;
  readonly Histogram: new (
    configuration: PromMetricConfiguration & { readonly buckets: number[] },
  ) => PromHistogram;
  /** `register` is a registry of prom-client itself (see {@link PromMetricConfiguration}). */
  collectDefaultMetrics(configuration?: { register?: never; prefix?: string }): void;
}
