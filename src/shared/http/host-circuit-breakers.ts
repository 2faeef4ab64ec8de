import {
  type CircuitBreaker,
  type CircuitBreakerPolicyOptions,
  circuitBreakerPolicy,
} from '../resilience/circuit-breaker-policy.js';
import type { ResilienceListener } from '../resilience/resilience-event.js';

/** Options of {@link HostCircuitBreakers}: the breaker settings used for every host. */
export interface HostCircuitBreakersOptions
  extends Omit<CircuitBreakerPolicyOptions, 'name' | 'isFailure'> {
  /** Receives the events of every breaker created (for telemetry). */
  readonly listener?: ResilienceListener;
}

/**
 * One circuit breaker per remote host (`host:port`), created on first use. Share one
 * instance between the service clients of a process so that every client calling the same
 * host sees the same circuit.
 *
 * @example
 * ```ts
 * const breakers = new HostCircuitBreakers({ consecutiveFailures: 5, halfOpenAfterMs: 10_000 });
 * const a = createServiceClient({ baseUrl: 'http://candidates-api', breakers });
 * const b = createServiceClient({ baseUrl: 'http://candidates-api', version: 'v2', breakers });
 * ```
 */
export class HostCircuitBreakers {
  readonly #breakers = new Map<string, CircuitBreaker>();
  readonly #options: HostCircuitBreakersOptions;

  constructor(options: HostCircuitBreakersOptions = {}) {
    this.#options = options;
  }

  /** The breaker of `host` (created closed on first use). */
  forHost(host: string): CircuitBreaker {
    let breaker = this.#breakers.get(host);
    if (breaker === undefined) {
      const { listener, ...settings } = this.#options;
      breaker = circuitBreakerPolicy({ ...settings, name: host });
      if (listener !== undefined) breaker.onEvent(listener);
      this.#breakers.set(host, breaker);
    }
    return breaker;
  }
}
