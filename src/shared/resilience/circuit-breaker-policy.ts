import type { CircuitState, CircuitBreakerPolicy as CockatielBreaker } from 'cockatiel';
import { CircuitOpenError } from './circuit-open-error.js';
import { isRetryableError } from './is-retryable-error.js';
import { loadCockatiel } from './load-cockatiel.js';
import { PolicyEvents } from './policy-events.js';
import type { CircuitBreakerState } from './resilience-event.js';
import type { ResiliencePolicy } from './resilience-policy.js';

/** Options of {@link circuitBreakerPolicy}. */
export interface CircuitBreakerPolicyOptions {
  /** Names the dependency in events, errors and metrics; default `circuit-breaker`. */
  readonly name?: string;
  /**
   * When to open: after `consecutiveFailures` failures in a row (default 5), or, with
   * `sampling`, when the failure ratio over a sliding window exceeds `threshold` (0–1).
   */
  readonly consecutiveFailures?: number;
  readonly sampling?: {
    readonly threshold: number;
    readonly windowMs: number;
    /** Below this many calls per second the breaker never opens; default 5. */
    readonly minimumRps?: number;
  };
  /** How long the circuit stays open before one half-open trial call; default 30 s. */
  readonly halfOpenAfterMs?: number;
  /** Which errors count as failures; default {@link isRetryableError} (4xx never open it). */
  readonly isFailure?: (error: unknown) => boolean;
}

/** A circuit breaker policy: a {@link ResiliencePolicy} that also reports its state. */
export interface CircuitBreaker extends ResiliencePolicy {
  readonly state: CircuitBreakerState;
}

const STATES: Record<CircuitState, CircuitBreakerState> = {
  0: 'closed',
  1: 'open',
  2: 'half-open',
  3: 'isolated',
};

/**
 * A circuit breaker on cockatiel: closed while calls succeed; open — failing fast with
 * {@link CircuitOpenError}, without calling the dependency — once failures reach the
 * threshold (consecutive, or sampled over a window); after `halfOpenAfterMs` it lets exactly
 * one trial call through (half-open; concurrent callers wait for its outcome), which closes
 * the circuit on success or reopens it on failure. Only transient failures count (5xx,
 * timeouts, throttling, network): a 404 or a validation error never opens it. Emits a
 * `circuit-state` event on every change. Share one breaker per dependency.
 *
 * @example
 * ```ts
 * const breaker = circuitBreakerPolicy({ name: 'crm', consecutiveFailures: 5, halfOpenAfterMs: 10_000 });
 * breaker.onEvent((event) => event.type === 'circuit-state' && log.warn('crm circuit', { state: event.state }));
 * const candidate = await breaker.execute(({ signal }) => crm.get(id, { signal }));
 * ```
 */
export function circuitBreakerPolicy(options: CircuitBreakerPolicyOptions = {}): CircuitBreaker {
  const name = options.name ?? 'circuit-breaker';
  const isFailure = options.isFailure ?? isRetryableError;
  const cockatiel = loadCockatiel();
  const breaker =
    options.sampling === undefined
      ? new cockatiel.ConsecutiveBreaker(options.consecutiveFailures ?? 5)
      : new cockatiel.SamplingBreaker({
          threshold: options.sampling.threshold,
          duration: options.sampling.windowMs,
          minimumRps: options.sampling.minimumRps ?? 5,
        });
  const policy: CockatielBreaker = cockatiel.circuitBreaker(
    cockatiel.handleWhen((error) => isFailure(error)),
    { halfOpenAfter: options.halfOpenAfterMs ?? 30_000, breaker },
  );
  const events = new PolicyEvents();
  policy.onStateChange((state) => {
    events.emit({ type: 'circuit-state', policy: name, state: STATES[state] });
  });
  return {
    name,
    get state() {
      return STATES[policy.state];
    },
    async execute(fn, signal) {
      try {
        return await policy.execute(({ signal: inner }) => fn({ signal: inner }), signal);
      } catch (error) {
        if (cockatiel.isBrokenCircuitError(error)) throw new CircuitOpenError(name);
        throw error;
      }
    },
    onEvent: (listener) => events.on(listener),
  };
}
