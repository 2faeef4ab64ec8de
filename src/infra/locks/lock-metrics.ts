import { METRICS } from '../../shared/telemetry/metric-catalogue.js';
import {
  elapsedSeconds,
  metricClock,
  recordGlobalMetric,
} from '../../shared/telemetry/record-global-metric.js';

/** Where a lock lives: the `backend` label of the lock metrics. */
export type LockBackend = 'postgres' | 'redis' | 'memory';

/**
 * How an acquisition ended: `acquired` at the first try, `contended` (acquired after waiting
 * for a holder), `timeout` (gave up with `LOCK_TIMEOUT`).
 */
export type LockAcquisitionOutcome = 'acquired' | 'contended' | 'timeout';

/**
 * Times one lock acquisition for `lock_acquisitions_total` and `lock_wait_duration_seconds`
 * (by backend and outcome). Costs nothing while the telemetry is the no-op one. Internal to the
 * lock managers.
 *
 * @example
 * ```ts
 * const timing = startLockTiming('redis');
 * // … try, wait, try again …
 * timing.end(waited ? 'contended' : 'acquired');
 * ```
 */
export function startLockTiming(backend: LockBackend): {
  end(outcome: LockAcquisitionOutcome): void;
} {
  const started = metricClock();
  return {
    end(outcome) {
      if (started === 0) return;
      const attributes = () => ({ backend, outcome });
      recordGlobalMetric(METRICS.lockAcquisitionsTotal, 1, attributes);
      recordGlobalMetric(METRICS.lockWaitDurationSeconds, elapsedSeconds(started), attributes);
    },
  };
}
