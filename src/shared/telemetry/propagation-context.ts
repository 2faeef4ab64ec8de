import type { SpanIdentity, TelemetrySpan } from './telemetry.js';

/**
 * What `span` hands on to a message's consumers: its `propagationContext()` when it has one
 * (sampled out or not), else its `identity()`.
 *
 * @example
 * ```ts
 * const message = withMessageTraceContext({ body }, propagationContext(span), queue.limits);
 * ```
 */
export function propagationContext(span: TelemetrySpan): SpanIdentity | undefined {
  return span.propagationContext?.() ?? span.identity();
}
