import {
  type CircuitBreaker,
  type CircuitBreakerPolicyOptions,
  circuitBreakerPolicy,
} from '../../shared/resilience/circuit-breaker-policy.js';
import type { ResilienceListener } from '../../shared/resilience/resilience-event.js';
import {
  retryHonouringRetryAfter,
  safeListener,
  timerSleep,
} from '../../shared/resilience/retry-honouring-retry-after.js';

/** Retry settings of {@link MetaResilienceOptions}. */
export interface MetaRetryOptions {
  /** Retries after the first attempt; default 3. */
  readonly maxRetries?: number;
  /** First backoff delay; default 200 ms, doubling with jitter. */
  readonly initialDelayMs?: number;
  /** Longest backoff delay; default 10 s. Does not shorten a rate limit's `retryAfterMs`. */
  readonly maxDelayMs?: number;
  /**
   * Longest advertised wait (`retryAfterMs` of a rate-limited error) worth waiting for in the
   * call; beyond it the error is thrown at once for the caller to reschedule. Default 60 s.
   */
  readonly maxRetryAfterMs?: number;
}

/** Options of {@link createMetaResilience} and the `with…Resilience` wrappers. */
export interface MetaResilienceOptions {
  /** Names the dependency in events and errors; default `meta-graph`. */
  readonly name?: string;
  /** Retry settings, or `false` for none. */
  readonly retry?: MetaRetryOptions | false;
  /**
   * A breaker to share (one per dependency: pass the same one to the lead and spend
   * wrappers), options for a new one (default: opens after 5 consecutive transient failures,
   * half-open after 30 s), or `false` for none.
   */
  readonly breaker?: CircuitBreaker | CircuitBreakerPolicyOptions | false;
  /** Receives `retry`, `give-up` and `circuit-state` events. */
  readonly onEvent?: ResilienceListener;
  /** Waits between attempts (tests inject a recorder); default a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1); default `Math.random`. */
  readonly random?: () => number;
}

/** Runs calls to Meta under the retry and breaker of {@link createMetaResilience}. */
export interface MetaResilience {
  readonly breaker: CircuitBreaker | undefined;
  run<T>(call: () => Promise<T>): Promise<T>;
}

/**
 * Retry (outermost) around a circuit breaker, for calls to the Graph API. Only retryable
 * errors are retried (5xx, timeouts, throttling; never auth, validation or an open circuit).
 * A rate-limited error's `retryAfterMs` is honoured in full: the next attempt is never sent
 * before it (it is not capped by `maxDelayMs`; past `maxRetryAfterMs` the error is thrown).
 * The retry loop is our own rather than `retryPolicy` so that it can wait exactly as long as
 * Meta asks and so that its sleep can be injected; the breaker is `circuitBreakerPolicy`.
 *
 * @example
 * ```ts
 * const meta = createMetaResilience({ retry: { maxRetries: 3 }, breaker: { consecutiveFailures: 5 } });
 * const page = await meta.run(() => source.fetchLeads(request));
 * ```
 */
export function createMetaResilience(options: MetaResilienceOptions = {}): MetaResilience {
  const name = options.name ?? 'meta-graph';
  const retry = options.retry === false ? { maxRetries: 0 } : (options.retry ?? {});
  const maxRetries = retry.maxRetries ?? 3;
  const initialDelayMs = retry.initialDelayMs ?? 200;
  const maxDelayMs = retry.maxDelayMs ?? 10_000;
  const maxRetryAfterMs = retry.maxRetryAfterMs ?? 60_000;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new RangeError(`Meta resilience "${name}": maxRetries must be a non-negative integer`);
  }
  const breaker =
    options.breaker === false
      ? undefined
      : isBreaker(options.breaker)
        ? options.breaker
        : circuitBreakerPolicy({ name, ...options.breaker });
  const emit = safeListener(options.onEvent);
  if (breaker !== undefined && options.onEvent !== undefined) breaker.onEvent(options.onEvent);

  const attempt = <T>(call: () => Promise<T>): Promise<T> =>
    breaker === undefined ? call() : breaker.execute(() => call());

  return {
    breaker,
    run: (call) =>
      retryHonouringRetryAfter(() => attempt(call), {
        name,
        maxRetries,
        initialDelayMs,
        maxDelayMs,
        maxRetryAfterMs,
        sleep: options.sleep ?? timerSleep,
        random: options.random ?? Math.random,
        emit,
      }),
  };
}

function isBreaker(
  value: CircuitBreaker | CircuitBreakerPolicyOptions | undefined,
): value is CircuitBreaker {
  return value !== undefined && 'execute' in value;
}
