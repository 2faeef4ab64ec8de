import type { ResilienceEvent, ResilienceListener } from './resilience-event.js';

/**
 * A tiny synchronous event hub shared by the policies. A listener that throws cannot break
 * the call being protected: its exception is swallowed.
 *
 * @example
 * ```ts
 * const events = new PolicyEvents();
 * const stop = events.on((event) => console.log(event.type));
 * events.emit({ type: 'timeout', policy: 'crm', timeoutMs: 2000 });
 * stop();
 * ```
 */
export class PolicyEvents {
  readonly #listeners = new Set<ResilienceListener>();

  /** Adds a listener; returns the function that removes it. */
  on(listener: ResilienceListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Calls every listener with `event`. */
  emit(event: ResilienceEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A broken metrics sink must not fail the protected call.
      }
    }
  }
}
