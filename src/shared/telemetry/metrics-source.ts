/**
 * Something that renders a scrape: the metrics in a text exposition format and its content
 * type. A `prom-client` `Registry` fits it as it is, and so does `PrometheusTelemetry`
 * (`@baltra/sdk/prometheus`); the `/metrics` handlers of `/express` and `/fastify` and the
 * standalone metrics server serve one.
 *
 * @example
 * ```ts
 * app.get('/metrics', expressMetricsHandler(telemetry)); // telemetry: a PrometheusTelemetry
 * ```
 */
export interface MetricsSource {
  /** The `content-type` of what {@link MetricsSource.metrics} returns. */
  readonly contentType: string;
  /** Renders every metric (collectors evaluated now); rejects when that failed. */
  metrics(): Promise<string>;
}
