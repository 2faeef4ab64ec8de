import type { ResiliencePolicy } from './resilience-policy.js';

/**
 * Composes policies, outermost first: `resilience(retry, breaker, timeout)` retries calls
 * that go through the breaker, each attempt bounded by the timeout — the usual order for a
 * remote call (a timed-out attempt counts as a breaker failure and is retried; an open
 * circuit is not). Listeners added with `onEvent` receive the events of every policy.
 *
 * @example
 * ```ts
 * const policy = resilience(
 *   retryPolicy({ name: 'crm', maxRetries: 2 }),
 *   circuitBreakerPolicy({ name: 'crm' }),
 *   timeoutPolicy({ name: 'crm', timeoutMs: 2000 }),
 * );
 * const lead = await policy.execute(({ signal }) => crm.getLead(id, { signal }));
 * ```
 */
export function resilience(...policies: readonly ResiliencePolicy[]): ResiliencePolicy {
  const name = policies.map((policy) => policy.name).join('+') || 'noop';
  return {
    name,
    execute(fn, signal) {
      const run = policies.reduceRight<typeof fn>(
        (inner, policy) =>
          ({ signal: outer }) =>
            policy.execute(inner, outer),
        fn,
      );
      return Promise.resolve().then(() => run({ signal: signal ?? new AbortController().signal }));
    },
    onEvent(listener) {
      const stops = policies.map((policy) => policy.onEvent(listener));
      return () => {
        for (const stop of stops) stop();
      };
    },
  };
}
