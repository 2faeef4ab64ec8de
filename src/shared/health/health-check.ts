/**
 * Probes one dependency. Resolve (with anything) when it is usable, throw when it is not.
 * The signal is aborted when the check's timeout expires: pass it on to the client.
 */
export type HealthCheck = (signal: AbortSignal) => Promise<unknown> | unknown;

/** `up` or `down` for one check; `up`, `degraded` (a non-critical check is down) or `down` overall. */
export type HealthStatus = 'up' | 'degraded' | 'down';

/** The outcome of one check in a readiness report. */
export interface CheckResult {
  readonly status: 'up' | 'down';
  readonly critical: boolean;
  /** How long the check took, in milliseconds (rounded to 0.1 ms). */
  readonly latencyMs: number;
  /** Why it is down: `timeout`, or the error's code or name — never its message. */
  readonly error?: string;
}

/** What `/health/ready` reports. */
export interface ReadinessReport {
  readonly status: HealthStatus;
  /** When the checks ran (ISO 8601); repeated while the cached report is served. */
  readonly checkedAt: string;
  readonly checks: Readonly<Record<string, CheckResult>>;
}

/** What `/health/live` reports: the process is running; dependencies play no part. */
export interface LivenessReport {
  readonly status: 'up';
}
