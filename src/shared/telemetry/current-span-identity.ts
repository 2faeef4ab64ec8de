import { getExecutionContext } from '../context/execution-context.js';
import { getTelemetry } from './global-telemetry.js';
import type { SpanIdentity, Telemetry } from './telemetry.js';

const HEX_32 = /^[0-9a-f]{32}$/;
const HEX_16 = /^[0-9a-f]{16}$/;

/**
 * The trace the current code runs in: the active span of `telemetry` when it records one,
 * else the trace the execution context carries (the HTTP edge and the worker put it there,
 * with or without a tracer), else `undefined`. What a producer stores or sends with a message
 * so that its consumer continues the trace.
 *
 * @example
 * ```ts
 * const trace = currentSpanIdentity();
 * if (trace) row.traceparent = formatTraceparent(trace);
 * ```
 */
export function currentSpanIdentity(
  telemetry: Telemetry = getTelemetry(),
): SpanIdentity | undefined {
  const active = telemetry.activeSpan?.();
  if (active !== undefined) return active;
  const context = getExecutionContext();
  if (context === undefined) return undefined;
  const { traceId, spanId, traceFlags, traceState } = context;
  if (typeof traceId !== 'string' || !HEX_32.test(traceId)) return undefined;
  if (typeof spanId !== 'string' || !HEX_16.test(spanId)) return undefined;
  return {
    traceId,
    spanId,
    traceFlags: typeof traceFlags === 'number' ? traceFlags : 1,
    ...(typeof traceState === 'string' && traceState !== '' ? { traceState } : {}),
  };
}
