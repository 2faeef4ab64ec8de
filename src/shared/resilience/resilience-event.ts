/** The state of a circuit breaker: closed (normal), open (failing fast), half-open (one trial call). */
export type CircuitBreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

/**
 * What a resilience policy reports to its listeners (telemetry, logs). `error` is the error's
 * `code` or `name`, never its message.
 */
export type ResilienceEvent =
  | {
      readonly type: 'retry';
      readonly policy: string;
      readonly attempt: number;
      readonly delayMs: number;
      readonly error: string;
    }
  | { readonly type: 'give-up'; readonly policy: string; readonly error: string }
  | { readonly type: 'circuit-state'; readonly policy: string; readonly state: CircuitBreakerState }
  | { readonly type: 'timeout'; readonly policy: string; readonly timeoutMs: number }
  | { readonly type: 'bulkhead-rejected'; readonly policy: string };

/** Receives {@link ResilienceEvent}s; exceptions it throws are swallowed. */
export type ResilienceListener = (event: ResilienceEvent) => void;
