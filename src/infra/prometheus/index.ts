/**
 * `@baltra/sdk/prometheus`: the SDK's `Telemetry` exported for Prometheus on `prom-client`
 * (an optional peer, loaded only by `loadPrometheusTelemetry()`: importing this entry loads no
 * Prometheus module, and its declarations name none) — the metric catalogue with a bounded
 * label policy, collectors evaluated at scrape time (queue depths, dead-letter queues, outbox
 * lag) and a standalone metrics server for workers. The `/metrics` handlers of a service are
 * in `/express` (`expressMetricsHandler`) and `/fastify` (`fastifyMetricsHandler`).
 *
 * @packageDocumentation
 */

// The declarations of `@baltra/sdk` that this entry's signatures name, exported here too so
// that the entry is complete on its own (API Extractor: no ae-forgotten-export, issue #17).
export type {
  EnvSource,
  InstrumentOptions,
  LogFields,
  Logger,
  MetricDefinition,
  MetricKind,
  MetricsSource,
  Settings,
  SpanIdentity,
  StartSpanOptions,
  Telemetry,
  TelemetryAttributes,
  TelemetryCounter,
  TelemetryGauge,
  TelemetryHistogram,
  TelemetrySpan,
  TelemetrySpanKind,
} from '../../shared/index.js';
export { METRICS, noopTelemetry } from '../../shared/index.js';
export type { LabelPolicyOptions, TenantLabelOptions } from './label-policy.js';
export { OTHER_LABEL_VALUE, prometheusLabelName, prometheusMetricName } from './label-policy.js';
export { loadPrometheusTelemetry } from './load-prometheus-telemetry.js';
export type { MetricsCollector } from './metrics-collector.js';
export type { MetricsSettings, ReadMetricsSettingsOptions } from './metrics-settings.js';
export { metricsSettingsSchema, readMetricsSettings } from './metrics-settings.js';
export type { OutboxCollectorOptions } from './outbox-collector.js';
export { outboxCollector } from './outbox-collector.js';
export type {
  PromClientModule,
  PromCounter,
  PrometheusLabels,
  PrometheusMetricEntry,
  PrometheusRegistry,
  PromGauge,
  PromHistogram,
  PromMetricConfiguration,
} from './prom-client-slice.js';
export { prometheusSeriesNames } from './prometheus-series-names.js';
export type { PrometheusTelemetryOptions } from './prometheus-telemetry.js';
export { DEFAULT_SECONDS_BUCKETS, PrometheusTelemetry } from './prometheus-telemetry.js';
export type {
  MeasuredQueue,
  QueueDepthCollectorOptions,
  QueueDepthReader,
  QueueDepthReading,
  QueueWithDepth,
} from './queue-depth-collector.js';
export { queueDepthCollector } from './queue-depth-collector.js';
export type { MetricsServer, MetricsServerOptions } from './start-metrics-server.js';
export { startMetricsServer } from './start-metrics-server.js';
