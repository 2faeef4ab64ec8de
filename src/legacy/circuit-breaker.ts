import {
  circuitBreakerPolicy,
  type CircuitBreaker as SdkCircuitBreaker,
} from '../shared/resilience/circuit-breaker-policy.js';
import { warnDeprecated } from './warn-deprecated.js';

/** carpeta_common's `CircuitBreakerState` values. */
export const CircuitBreakerState = Object.freeze({
  CLOSED: 'closed',
  OPEN: 'open',
  HALF_OPEN: 'half_open',
} as const);

/** One of {@link CircuitBreakerState}'s values. */
export type CircuitBreakerStateName =
  (typeof CircuitBreakerState)[keyof typeof CircuitBreakerState];

/** An error class counted as a failure (carpeta_common's `expected_exception`). */
// biome-ignore lint/suspicious/noExplicitAny: error classes take any constructor arguments.
export type ErrorClass = abstract new (...args: any[]) => unknown;

/** Options of the legacy {@link CircuitBreaker}, in carpeta_common's terms. */
export interface CircuitBreakerOptions {
  readonly name: string;
  /** Consecutive failures that open the circuit; default 5. */
  readonly failureThreshold?: number;
  /** Seconds the circuit stays open before a trial call; default 60. */
  readonly recoveryTimeout?: number;
  /** Errors that count as failures; default every error, as before. */
  readonly expectedErrors?: readonly ErrorClass[];
  /**
   * Accepted for compatibility only: the circuit breaker of `@baltra/sdk` lets exactly one
   * trial call through when half-open (concurrent callers wait for its outcome).
   */
  readonly halfOpenMaxCalls?: number;
}

/**
 * @deprecated Use `circuitBreakerPolicy()` from `@baltra/sdk` (`breaker.execute(fn)`, states
 * `closed` / `open` / `half-open`; by default only transient errors — 5xx, timeouts,
 * throttling — count as failures). carpeta_common's `CircuitBreaker`: `call(fn)` runs `fn`
 * through a `circuitBreakerPolicy`; an open circuit rejects with `CircuitOpenError` (code
 * `CIRCUIT_OPEN`, carpeta's `CircuitBreakerOpenException`).
 *
 * @example
 * ```ts
 * const breaker = new CircuitBreaker({ name: 'hub_api', failureThreshold: 5, recoveryTimeout: 60 }); // warns once: BALTRA_DEP004
 * try {
 *   const response = await breaker.call(() => fetch('https://hub.example.com'));
 * } catch (error) {
 *   if (error instanceof CircuitOpenError) queueForRetry();
 * }
 * // = circuitBreakerPolicy({ name: 'hub_api', consecutiveFailures: 5, halfOpenAfterMs: 60_000,
 * //     isFailure: () => true }).execute(() => fetch('https://hub.example.com'))
 * ```
 */
export class CircuitBreaker {
  readonly name: string;
  /** The policy doing the work, for code moving to the new API piece by piece. */
  readonly policy: SdkCircuitBreaker;

  constructor(options: CircuitBreakerOptions) {
    warnDeprecated('BALTRA_DEP004', 'CircuitBreaker', 'circuitBreakerPolicy() from @baltra/sdk');
    const expected = options.expectedErrors;
    this.name = options.name;
    this.policy = circuitBreakerPolicy({
      name: options.name,
      consecutiveFailures: options.failureThreshold ?? 5,
      halfOpenAfterMs: (options.recoveryTimeout ?? 60) * 1000,
      isFailure:
        expected === undefined
          ? () => true
          : (error) => expected.some((errorClass) => error instanceof errorClass),
    });
  }

  /** The state in carpeta_common's names (`half_open`; an isolated circuit reads `open`). */
  get state(): CircuitBreakerStateName {
    const state = this.policy.state;
    if (state === 'closed') return CircuitBreakerState.CLOSED;
    return state === 'half-open' ? CircuitBreakerState.HALF_OPEN : CircuitBreakerState.OPEN;
  }

  /** Runs `fn` under the breaker; rejects with `CircuitOpenError` while the circuit is open. */
  call<T>(fn: () => PromiseLike<T> | T): Promise<T> {
    return this.policy.execute(() => fn());
  }
}
