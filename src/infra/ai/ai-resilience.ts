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
import { timeoutPolicy } from '../../shared/resilience/timeout-policy.js';

/** Retry settings of {@link AiResilienceOptions}. */
export interface AiRetryOptions {
  /** Retries after the first attempt; default 3. */
  readonly maxRetries?: number;
  /** First backoff delay; default 500 ms, doubling with jitter. */
  readonly initialDelayMs?: number;
  /** Longest backoff delay; default 20 s. Does not shorten a server's `retry-after`. */
  readonly maxDelayMs?: number;
  /**
   * Longest `retry-after` worth waiting for within the call; beyond it the `RATE_LIMITED`
   * error is thrown at once for the caller to reschedule. Default 60 s.
   */
  readonly maxRetryAfterMs?: number;
}

/** How the AI adapter's calls are protected: retry, breaker, per-attempt timeout. */
export interface AiResilienceOptions {
  /** Names the dependency in events, errors and metrics; default `openai`. */
  readonly name?: string;
  /** Longest time one attempt may take; default 30 s (`TIMEOUT`, retryable). */
  readonly timeoutMs?: number;
  /** Retry settings, or `false` for none. */
  readonly retry?: AiRetryOptions | false;
  /**
   * A breaker to share, options for a new one (default: opens after 5 consecutive transient
   * failures, half-open after 30 s), or `false` for none.
   */
  readonly breaker?: CircuitBreaker | CircuitBreakerPolicyOptions | false;
  /** Receives `retry`, `give-up`, `timeout` and `circuit-state` events. */
  readonly onEvent?: ResilienceListener;
  /** Waits between attempts (tests inject a recorder); default a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1); default `Math.random`. */
  readonly random?: () => number;
}

/** Runs one model call under {@link createAiResilience}'s policies. */
export interface AiResilience {
  readonly breaker: CircuitBreaker | undefined;
  run<T>(call: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/**
 * Retry (outermost) around a circuit breaker around a per-attempt timeout, the SDK's usual
 * order for a remote call. Only retryable errors are retried (429, 5xx, timeouts, lost
 * connections; never a rejected request, bad credentials, an unusable answer or an open
 * circuit). A 429's `retry-after` is honoured in full: the next attempt is never sent before
 * it (past `maxRetryAfterMs` the error is thrown). The retry loop is ours, like the Meta
 * adapter's, so that it waits exactly as long as OpenAI asks and its sleep can be injected;
 * the breaker and timeout are `circuitBreakerPolicy` and `timeoutPolicy`.
 *
 * @example
 * ```ts
 * const policies = createAiResilience({ timeoutMs: 20_000, retry: { maxRetries: 2 } });
 * const completion = await policies.run((signal) => client.chat.completions.create(body, { signal }));
 * ```
 */
export function createAiResilience(options: AiResilienceOptions = {}): AiResilience {
  const name = options.name ?? 'openai';
  const retry = options.retry === false ? { maxRetries: 0 } : (options.retry ?? {});
  const maxRetries = retry.maxRetries ?? 3;
  const initialDelayMs = retry.initialDelayMs ?? 500;
  const maxDelayMs = retry.maxDelayMs ?? 20_000;
  const maxRetryAfterMs = retry.maxRetryAfterMs ?? 60_000;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new RangeError(`AI resilience "${name}": maxRetries must be a non-negative integer`);
  }
  const timeout = timeoutPolicy({ name, timeoutMs: options.timeoutMs ?? 30_000 });
  const breaker =
    options.breaker === false
      ? undefined
      : options.breaker !== undefined && 'execute' in options.breaker
        ? options.breaker
        : circuitBreakerPolicy({ name, ...options.breaker });
  const emit = safeListener(options.onEvent);
  if (options.onEvent !== undefined) {
    timeout.onEvent(emit);
    breaker?.onEvent(emit);
  }
  const attempt = <T>(call: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal) => {
    const timed = (outer?: AbortSignal) =>
      timeout.execute(({ signal: inner }) => call(inner), outer);
    return breaker === undefined
      ? timed(signal)
      : breaker.execute(({ signal: inner }) => timed(inner), signal);
  };

  return {
    breaker,
    run: (call, signal) =>
      retryHonouringRetryAfter(() => attempt(call, signal), {
        name,
        maxRetries,
        initialDelayMs,
        maxDelayMs,
        maxRetryAfterMs,
        sleep: options.sleep ?? timerSleep,
        random: options.random ?? Math.random,
        emit,
        signal,
      }),
  };
}
