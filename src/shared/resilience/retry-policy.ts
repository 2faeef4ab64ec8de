import type { IBackoff, IBackoffFactory, IRetryBackoffContext } from 'cockatiel';
import { describeError } from './describe-error.js';
import { isRetryableError } from './is-retryable-error.js';
import { loadCockatiel } from './load-cockatiel.js';
import { PolicyEvents } from './policy-events.js';
import type { PolicyContext, ResiliencePolicy } from './resilience-policy.js';

/** Options of {@link retryPolicy}. */
export interface RetryPolicyOptions {
  /** Names the dependency in events; default `retry`. */
  readonly name?: string;
  /** Retries after the first attempt; default 2 (three attempts in all). */
  readonly maxRetries?: number;
  /** First backoff delay; default 100 ms. Later delays grow exponentially with jitter. */
  readonly initialDelayMs?: number;
  /** Longest delay, including a server's `Retry-After`; default 10 s. */
  readonly maxDelayMs?: number;
  /** Which errors are retried; default {@link isRetryableError} (5xx, timeouts, throttling). */
  readonly isRetryable?: (error: unknown) => boolean;
}

type RetryContext = IRetryBackoffContext<unknown>;

/**
 * Retries a failed call with exponential backoff and decorrelated jitter (cockatiel's
 * `ExponentialBackoff`), but only when the error is classified retryable: 5xx, 408/429,
 * timeouts, throttling and network failures — never validation, authentication,
 * authorization or other 4xx errors. A `retryAfterMs` on the error (from a `Retry-After`
 * header) lengthens the delay, up to `maxDelayMs`. Emits `retry` and `give-up` events.
 * Stops retrying as soon as the caller's signal is aborted.
 *
 * @example
 * ```ts
 * const retry = retryPolicy({ name: 'meta-graph', maxRetries: 3, initialDelayMs: 200 });
 * retry.onEvent((event) => { if (event.type === 'retry') log.warn('retrying', { ...event }); });
 * const page = await retry.execute(({ signal }) => graph.get(url, { signal }));
 * ```
 */
export function retryPolicy(options: RetryPolicyOptions = {}): ResiliencePolicy {
  const name = options.name ?? 'retry';
  const maxRetries = options.maxRetries ?? 2;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const isRetryable = options.isRetryable ?? isRetryableError;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new RangeError(`retryPolicy "${name}": maxRetries must be a non-negative integer`);
  }
  const cockatiel = loadCockatiel();
  const backoff = new RetryAfterBackoff(
    new cockatiel.ExponentialBackoff({
      initialDelay: options.initialDelayMs ?? 100,
      maxDelay: maxDelayMs,
    }),
    maxDelayMs,
  );
  const policy = cockatiel.retry(
    cockatiel.handleWhen((error) => isRetryable(error)),
    { maxAttempts: maxRetries, backoff },
  );
  const events = new PolicyEvents();
  policy.onRetry((reason) => {
    events.emit({
      type: 'retry',
      policy: name,
      attempt: reason.attempt,
      delayMs: reason.delay,
      error: 'error' in reason ? describeError(reason.error) : 'result',
    });
  });
  policy.onGiveUp((reason) => {
    events.emit({
      type: 'give-up',
      policy: name,
      error: 'error' in reason ? describeError(reason.error) : 'result',
    });
  });
  return {
    name,
    execute: (fn, signal) =>
      policy.execute(({ signal: inner }) => fn({ signal: inner } satisfies PolicyContext), signal),
    onEvent: (listener) => events.on(listener),
  };
}

/** Wraps a backoff so a server's `Retry-After` (an error's `retryAfterMs`) is honoured. */
class RetryAfterBackoff implements IBackoffFactory<RetryContext> {
  constructor(
    private readonly inner: IBackoffFactory<RetryContext> | IBackoff<RetryContext>,
    private readonly maxDelayMs: number,
  ) {}

  next(context: RetryContext): IBackoff<RetryContext> {
    const next = this.inner.next(context);
    const hint = 'error' in context.result ? retryAfterOf(context.result.error) : 0;
    const duration = Math.min(Math.max(next.duration, hint), this.maxDelayMs);
    const following = new RetryAfterBackoff(next, this.maxDelayMs);
    return { duration, next: (later: RetryContext) => following.next(later) };
  }
}

function retryAfterOf(error: unknown): number {
  const value = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}
