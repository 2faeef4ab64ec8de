import { getExecutionContext, newCorrelationId } from '../context/execution-context.js';
import { type HeaderBag, singleHeader } from './header-bag.js';
import {
  formatTraceparent,
  newSpanId,
  newTraceId,
  parseTraceparent,
  type TraceContext,
} from './trace-context.js';

/** Header carrying the correlation id across services. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';
/** The W3C Trace Context header. */
export const TRACEPARENT_HEADER = 'traceparent';

const SAFE_CORRELATION_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/**
 * An inbound correlation id if it is safe to adopt (1–128 characters from a conservative
 * set, so it cannot inject log lines or headers), else `undefined`.
 *
 * @example
 * ```ts
 * const correlationId = acceptCorrelationId(req.headers['x-correlation-id']) ?? newCorrelationId();
 * ```
 */
export function acceptCorrelationId(value: string | undefined): string | undefined {
  return value !== undefined && SAFE_CORRELATION_ID.test(value) ? value : undefined;
}

/** The correlation facts of a request being served. */
export interface InboundCorrelation {
  readonly correlationId: string;
  /** The caller's span, when the request carried a valid `traceparent`. */
  readonly parent: TraceContext | undefined;
}

/**
 * Reads `x-correlation-id` and `traceparent` from inbound headers: a valid correlation id is
 * adopted, otherwise a new one is generated; an invalid `traceparent` is ignored.
 *
 * @example
 * ```ts
 * const { correlationId, parent } = readInboundCorrelation(req.headers);
 * ```
 */
export function readInboundCorrelation(headers: HeaderBag): InboundCorrelation {
  return {
    correlationId:
      acceptCorrelationId(singleHeader(headers, CORRELATION_ID_HEADER)) ?? newCorrelationId(),
    parent: parseTraceparent(singleHeader(headers, TRACEPARENT_HEADER)),
  };
}

/**
 * The trace context stored in the current execution context (by the edge middleware), if any.
 *
 * @example
 * ```ts
 * const trace = currentTraceContext();
 * if (trace) log.info('handling', { traceId: trace.traceId });
 * ```
 */
export function currentTraceContext(): TraceContext | undefined {
  const context = getExecutionContext();
  if (context === undefined) return undefined;
  const { traceId, spanId, traceFlags } = context;
  if (typeof traceId !== 'string' || typeof spanId !== 'string') return undefined;
  return { traceId, spanId, traceFlags: typeof traceFlags === 'number' ? traceFlags : 1 };
}

/**
 * Headers that carry the current correlation id and trace to another service: the context's
 * correlation id (or a new one) and a `traceparent` naming `own` — the outgoing call's span —
 * as parent. Without `own`, the parent is a new span id in the context's trace (or in a new
 * trace outside any request).
 *
 * @example
 * ```ts
 * await fetch(url, { headers: { ...outboundCorrelationHeaders(), accept: 'application/json' } });
 * ```
 */
export function outboundCorrelationHeaders(own?: TraceContext): Record<string, string> {
  const trace = currentTraceContext();
  return {
    [CORRELATION_ID_HEADER]: getExecutionContext()?.correlationId ?? newCorrelationId(),
    [TRACEPARENT_HEADER]: formatTraceparent(
      own ?? {
        traceId: trace?.traceId ?? newTraceId(),
        spanId: newSpanId(),
        traceFlags: trace?.traceFlags ?? 1,
      },
    ),
  };
}
