import { loadCockatiel } from './load-cockatiel.js';
import { OperationTimeoutError } from './operation-timeout-error.js';
import { PolicyEvents } from './policy-events.js';
import type { ResiliencePolicy } from './resilience-policy.js';

/** Options of {@link timeoutPolicy}. */
export interface TimeoutPolicyOptions {
  /** Names the dependency in events and errors; default `timeout`. */
  readonly name?: string;
  readonly timeoutMs: number;
}

/**
 * Bounds how long a call may take. The function receives an `AbortSignal` that is aborted
 * when the time is up (pass it to `fetch`, the AWS SDK, `pg` …); the caller gets an
 * {@link OperationTimeoutError} (code `TIMEOUT`, retryable) at once, without waiting for the
 * function to notice. The timer is cleared as soon as the call settles. Emits `timeout`.
 *
 * @example
 * ```ts
 * const timeout = timeoutPolicy({ name: 'crm', timeoutMs: 2000 });
 * const res = await timeout.execute(({ signal }) => fetch(url, { signal }));
 * ```
 */
export function timeoutPolicy(options: TimeoutPolicyOptions): ResiliencePolicy {
  const name = options.name ?? 'timeout';
  const { timeoutMs } = options;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError(`timeoutPolicy "${name}": timeoutMs must be a positive number`);
  }
  const cockatiel = loadCockatiel();
  const policy = cockatiel.timeout(timeoutMs, {
    strategy: cockatiel.TimeoutStrategy.Aggressive,
    abortOnReturn: true,
  });
  const events = new PolicyEvents();
  return {
    name,
    async execute(fn, signal) {
      try {
        return await policy.execute(({ signal: inner }) => fn({ signal: inner }), signal);
      } catch (error) {
        // Aggressive cockatiel timeouts reject with TaskCancelledError; a caller's abort does too.
        if (!isTaskCancelled(error)) throw error;
        // The caller gave up: surface their abort reason, not a timeout.
        if (signal?.aborted === true) throw signal.reason;
        events.emit({ type: 'timeout', policy: name, timeoutMs });
        throw new OperationTimeoutError(name, timeoutMs);
      }
    },
    onEvent: (listener) => events.on(listener),
  };
}

/** cockatiel 3.2's own `isTaskCancelledError` tests the wrong marker, so check it here. */
function isTaskCancelled(error: unknown): boolean {
  return error instanceof Error && 'isTaskCancelledError' in error;
}
