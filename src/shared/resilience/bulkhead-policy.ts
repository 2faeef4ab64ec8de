import { BulkheadFullError } from './bulkhead-full-error.js';
import { loadCockatiel } from './load-cockatiel.js';
import { PolicyEvents } from './policy-events.js';
import type { ResiliencePolicy } from './resilience-policy.js';

/** Options of {@link bulkheadPolicy}. */
export interface BulkheadPolicyOptions {
  /** Names the dependency in events and errors; default `bulkhead`. */
  readonly name?: string;
  /** Calls allowed to run at once. */
  readonly limit: number;
  /** Calls allowed to wait for a slot; default 0 (reject at once). */
  readonly queue?: number;
}

/**
 * Limits how many calls to one dependency run at once, so a slow dependency cannot take every
 * socket or connection of the service. Calls beyond `limit` wait in a queue of `queue`
 * places; beyond that they are rejected with {@link BulkheadFullError} (code `BULKHEAD_FULL`)
 * and a `bulkhead-rejected` event.
 *
 * @example
 * ```ts
 * const bulkhead = bulkheadPolicy({ name: 'reports-db', limit: 4, queue: 16 });
 * const rows = await bulkhead.execute(() => db.selectFrom('report').selectAll().execute());
 * ```
 */
export function bulkheadPolicy(options: BulkheadPolicyOptions): ResiliencePolicy {
  const name = options.name ?? 'bulkhead';
  const queue = options.queue ?? 0;
  if (
    !Number.isInteger(options.limit) ||
    options.limit < 1 ||
    !Number.isInteger(queue) ||
    queue < 0
  ) {
    throw new RangeError(`bulkheadPolicy "${name}": limit must be ≥ 1 and queue ≥ 0 (integers)`);
  }
  const cockatiel = loadCockatiel();
  const policy = cockatiel.bulkhead(options.limit, queue);
  const events = new PolicyEvents();
  return {
    name,
    async execute(fn, signal) {
      try {
        return await policy.execute(({ signal: inner }) => fn({ signal: inner }), signal);
      } catch (error) {
        if (cockatiel.isBulkheadRejectedError(error)) {
          events.emit({ type: 'bulkhead-rejected', policy: name });
          throw new BulkheadFullError(name);
        }
        throw error;
      }
    },
    onEvent: (listener) => events.on(listener),
  };
}
