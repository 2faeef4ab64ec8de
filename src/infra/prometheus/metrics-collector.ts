import type { MetricDefinition } from '../../shared/telemetry/metric-catalogue.js';
import type { Telemetry } from '../../shared/telemetry/telemetry.js';

/**
 * Values read at scrape time (queue depths, outbox lag): `collect` records them as gauges on
 * the telemetry it is given, on every scrape, before the exposition is rendered. The exporter
 * runs every collector at most once per scrape, all at once, each within a timeout; an error
 * (or a timeout) is logged and that collector's series keep their last values — a scrape
 * never fails because of a collector.
 *
 * @example
 * ```ts
 * const workers: MetricsCollector = {
 *   name: 'pool size',
 *   metrics: [],
 *   collect: (telemetry) => telemetry.gauge('worker_pool_size').record(pool.size),
 * };
 * prometheus.addCollector(workers);
 * ```
 */
export interface MetricsCollector {
  /** Named in the log line of a failed collection. */
  readonly name: string;
  /** The catalogue metrics it records, registered as soon as it is added. */
  readonly metrics: readonly MetricDefinition[];
  collect(telemetry: Telemetry): Promise<void> | void;
}
