import { describeError } from '../resilience/describe-error.js';
import type {
  CheckResult,
  HealthCheck,
  HealthStatus,
  LivenessReport,
  ReadinessReport,
} from './health-check.js';

/** Options of {@link HealthRegistry.register}. */
export interface RegisterCheckOptions {
  /** A critical check that is down makes the service not ready (503); default true. */
  readonly critical?: boolean;
  /** Default: the registry's `defaultTimeoutMs`. */
  readonly timeoutMs?: number;
}

/** Options of {@link HealthRegistry}. */
export interface HealthRegistryOptions {
  /** How long a readiness report is reused, so probes don't hammer dependencies; default 2 s. */
  readonly cacheTtlMs?: number;
  /** Timeout of a check without its own; default 2 s. */
  readonly defaultTimeoutMs?: number;
  /** Monotonic clock in milliseconds; default `performance.now`. */
  readonly now?: () => number;
}

interface Registered {
  readonly check: HealthCheck;
  readonly critical: boolean;
  readonly timeoutMs: number;
}

/**
 * The health checks of a service. `live()` answers from the process alone and never runs a
 * check (a liveness probe must not restart pods because the database is down). `ready()`
 * runs every check in parallel, each bounded by its timeout, and reports each one's status
 * and latency; a critical check down makes the whole report `down`, a non-critical one
 * `degraded`. Reports are cached for `cacheTtlMs` and concurrent probes share one run. No
 * timer outlives a run.
 *
 * @example
 * ```ts
 * const health = new HealthRegistry({ cacheTtlMs: 2000 })
 *   .register('postgres', sqlPingCheck(() => sql`select 1`.execute(db)), { timeoutMs: 1000 })
 *   .register('crm', httpCheck('https://crm.internal/health'), { critical: false });
 * const report = await health.ready(); // { status: 'up', checks: { postgres: { status: 'up', latencyMs: 1.2, … } } }
 * ```
 */
export class HealthRegistry {
  readonly #checks = new Map<string, Registered>();
  readonly #cacheTtlMs: number;
  readonly #defaultTimeoutMs: number;
  readonly #now: () => number;
  #cached: { report: ReadinessReport; at: number } | undefined;
  #running: Promise<ReadinessReport> | undefined;

  constructor(options: HealthRegistryOptions = {}) {
    this.#cacheTtlMs = options.cacheTtlMs ?? 2000;
    this.#defaultTimeoutMs = options.defaultTimeoutMs ?? 2000;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Adds a named check (names are unique). Returns the registry, for chaining. */
  register(name: string, check: HealthCheck, options: RegisterCheckOptions = {}): this {
    if (name === '' || this.#checks.has(name)) {
      throw new RangeError(`HealthRegistry: check name "${name}" is empty or already registered`);
    }
    const timeoutMs = options.timeoutMs ?? this.#defaultTimeoutMs;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new RangeError(`HealthRegistry: timeoutMs of "${name}" must be positive`);
    }
    this.#checks.set(name, { check, critical: options.critical ?? true, timeoutMs });
    this.#cached = undefined;
    return this;
  }

  /** The names of the registered checks. */
  names(): string[] {
    return [...this.#checks.keys()];
  }

  /** Liveness: always `up` while the process can answer. Runs no check. */
  live(): LivenessReport {
    return { status: 'up' };
  }

  /** Readiness: every check's status and latency (cached for `cacheTtlMs`). */
  ready(): Promise<ReadinessReport> {
    const cached = this.#cached;
    if (cached !== undefined && this.#now() - cached.at < this.#cacheTtlMs) {
      return Promise.resolve(cached.report);
    }
    this.#running ??= this.#runAll().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #runAll(): Promise<ReadinessReport> {
    const entries = [...this.#checks.entries()];
    const results = await Promise.all(entries.map(([, registered]) => this.#run(registered)));
    const checks: Record<string, CheckResult> = {};
    entries.forEach(([name], index) => {
      checks[name] = results[index] as CheckResult;
    });
    const report: ReadinessReport = {
      status: overall(Object.values(checks)),
      checkedAt: new Date().toISOString(),
      checks,
    };
    this.#cached = { report, at: this.#now() };
    return report;
  }

  async #run(registered: Registered): Promise<CheckResult> {
    const controller = new AbortController();
    const started = this.#now();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve('timeout');
      }, registered.timeoutMs);
    });
    try {
      const outcome = await Promise.race([
        Promise.resolve()
          .then(() => registered.check(controller.signal))
          .then(() => 'up' as const),
        timedOut,
      ]);
      const latencyMs = round(this.#now() - started);
      if (outcome === 'timeout') {
        return { status: 'down', critical: registered.critical, latencyMs, error: 'timeout' };
      }
      return { status: 'up', critical: registered.critical, latencyMs };
    } catch (error) {
      return {
        status: 'down',
        critical: registered.critical,
        latencyMs: round(this.#now() - started),
        error: describeError(error),
      };
    } finally {
      clearTimeout(timer);
    }
  }
}

function overall(results: readonly CheckResult[]): HealthStatus {
  if (results.some((result) => result.status === 'down' && result.critical)) return 'down';
  if (results.some((result) => result.status === 'down')) return 'degraded';
  return 'up';
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
