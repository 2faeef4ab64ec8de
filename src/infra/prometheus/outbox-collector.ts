import { type Kysely, sql } from 'kysely';
import { METRICS } from '../../shared/telemetry/metric-catalogue.js';
import { recordMetric } from '../../shared/telemetry/record-metric.js';
import type { Telemetry } from '../../shared/telemetry/telemetry.js';
import { parseTimestamptz } from '../postgres/parse-timestamptz.js';
import type { MetricsCollector } from './metrics-collector.js';

/** Options of {@link outboxCollector}. */
export interface OutboxCollectorOptions {
  /** The clock the lag is measured with; default `Date.now`. */
  readonly now?: () => number;
}

/**
 * A collector of the transactional outbox at scrape time, with one query on the `outbox`
 * table (its partial index of pending entries): `outbox_pending_entries` (entries committed
 * but not yet relayed) and `outbox_lag_seconds` (age of the oldest of them by its
 * `occurred_at`, 0 when none waits). Works on PostgreSQL and PGlite; a failed query is logged
 * by the exporter and the gauges keep their last values.
 *
 * @example
 * ```ts
 * telemetry.addCollector(outboxCollector(app.get(TOKENS.Database)));
 * ```
 */
export function outboxCollector<DB>(
  db: Kysely<DB>,
  options: OutboxCollectorOptions = {},
): MetricsCollector {
  const now = options.now ?? Date.now;
  return {
    name: 'outbox',
    metrics: [METRICS.outboxPendingEntries, METRICS.outboxLagSeconds],
    async collect(telemetry: Telemetry) {
      const { rows } = await sql<{ pending: string | number | bigint; oldest: unknown }>`
        select count(*) as pending, min(occurred_at) as oldest
        from outbox where published_at is null`.execute(db);
      const pending = Number(rows[0]?.pending ?? 0);
      const oldest = toTime(rows[0]?.oldest);
      const lag = pending > 0 && oldest !== undefined ? Math.max(0, (now() - oldest) / 1000) : 0;
      recordMetric(telemetry, METRICS.outboxPendingEntries, pending);
      recordMetric(telemetry, METRICS.outboxLagSeconds, lag);
    },
  };
}

function toTime(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  const time = value instanceof Date ? value.getTime() : parseTimestamptz(String(value)).getTime();
  return Number.isNaN(time) ? undefined : time;
}
