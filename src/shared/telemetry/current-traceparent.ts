import { formatTraceparent } from '../http/trace-context.js';
import { currentSpanIdentity } from './current-span-identity.js';
import type { Telemetry } from './telemetry.js';

/** The current trace as W3C header values, to store with something that is sent later. */
export interface StoredTraceContext {
  readonly traceparent: string;
  readonly tracestate?: string;
}

/**
 * The current trace ({@link currentSpanIdentity}) as `traceparent` and `tracestate` values,
 * or `undefined` outside any trace. The outboxes store it with every appended event.
 *
 * @example
 * ```ts
 * const trace = currentTraceparent();
 * const row = { ...toRow(event), traceparent: trace?.traceparent ?? null };
 * ```
 */
export function currentTraceparent(telemetry?: Telemetry): StoredTraceContext | undefined {
  const identity = currentSpanIdentity(telemetry);
  if (identity === undefined) return undefined;
  const traceparent = formatTraceparent(identity);
  return identity.traceState === undefined
    ? { traceparent }
    : { traceparent, tracestate: identity.traceState };
}
