import { describeError } from './describe-error.js';
import { isRetryableError } from './is-retryable-error.js';
import type { ResilienceEvent } from './resilience-event.js';

/** Resolved settings of {@link retryHonouringRetryAfter}. */
export interface RetryHonouringRetryAfterSettings {
  /** Names the policy in `retry` and `give-up` events. */
  readonly name: string;
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  /** First backoff delay, doubling with jitter up to `maxDelayMs`. */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** Longest advertised `retryAfterMs` worth waiting for; beyond it the error is thrown. */
  readonly maxRetryAfterMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  readonly random: () => number;
  /** Receives `retry` and `give-up` events; must not throw. */
  readonly emit: (event: ResilienceEvent) => void;
  /** Once aborted, a failure is thrown instead of retried. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Runs `attempt` and retries it on retryable errors only, waiting exponential backoff with
 * jitter — or, when the error advertises a `retryAfterMs` (a 429, a Meta throttle), at least
 * that long, never capped by `maxDelayMs`. An advertised wait past `maxRetryAfterMs`, or the
 * last retry, throws the error (after a `give-up` event). Our own loop rather than cockatiel's
 * `retry` because that one cannot wait for a server-advertised time nor take an injected sleep
 * (the Meta and AI adapters' tests count the waits instead of sleeping).
 *
 * @example
 * ```ts
 * const page = await retryHonouringRetryAfter(() => graph.fetch(request), settings);
 * ```
 */
export async function retryHonouringRetryAfter<T>(
  attempt: () => Promise<T>,
  settings: RetryHonouringRetryAfterSettings,
): Promise<T> {
  const { name, maxRetries, initialDelayMs, maxDelayMs, maxRetryAfterMs } = settings;
  for (let retries = 0; ; retries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRetryableError(error) || settings.signal?.aborted === true) throw error;
      const advertised = retryAfterOf(error);
      if (retries >= maxRetries || advertised > maxRetryAfterMs) {
        settings.emit({ type: 'give-up', policy: name, error: describeError(error) });
        throw error;
      }
      const backoff = Math.min(
        maxDelayMs,
        initialDelayMs * 2 ** retries * (0.5 + settings.random() / 2),
      );
      const delayMs = Math.ceil(Math.max(backoff, advertised));
      settings.emit({
        type: 'retry',
        policy: name,
        attempt: retries + 1,
        delayMs,
        error: describeError(error),
      });
      await settings.sleep(delayMs);
    }
  }
}

/**
 * A listener that swallows its own failures: a broken metrics sink must not fail the
 * protected call.
 *
 * @example
 * ```ts
 * const emit = safeListener(options.onEvent);
 * ```
 */
export function safeListener(
  listener: ((event: ResilienceEvent) => void) | undefined,
): (event: ResilienceEvent) => void {
  return (event) => {
    try {
      listener?.(event);
    } catch {
      // Deliberately ignored (see above).
    }
  };
}

/**
 * Waits `ms` on a timer: the default sleep of the retry loops.
 *
 * @example
 * ```ts
 * await timerSleep(200);
 * ```
 */
export function timerSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function retryAfterOf(error: unknown): number {
  const value = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}
