import type { ResilienceListener } from './resilience-event.js';

/** What a protected function receives: the signal aborted on timeout or by the caller. */
export interface PolicyContext {
  readonly signal: AbortSignal;
}

/**
 * A resilience policy (retry, circuit breaker, timeout, bulkhead, or a composition of them).
 * `execute` runs `fn` under the policy; errors of the policy itself are SDK errors with
 * stable codes (`CIRCUIT_OPEN`, `TIMEOUT`, `BULKHEAD_FULL`).
 *
 * @example
 * ```ts
 * const policy = resilience(retryPolicy({ name: 'crm' }), timeoutPolicy({ name: 'crm', timeoutMs: 2000 }));
 * policy.onEvent((event) => log.debug('resilience', { ...event }));
 * const lead = await policy.execute(({ signal }) => crm.fetchLead(id, { signal }));
 * ```
 */
export interface ResiliencePolicy {
  /** Names the protected dependency in events and errors (for example `meta-graph`). */
  readonly name: string;
  execute<T>(fn: (context: PolicyContext) => PromiseLike<T> | T, signal?: AbortSignal): Promise<T>;
  /** Subscribes to the policy's events; returns the function that unsubscribes. */
  onEvent(listener: ResilienceListener): () => void;
}
