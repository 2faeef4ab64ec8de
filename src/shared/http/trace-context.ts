import { randomBytes } from 'node:crypto';

/** The W3C Trace Context of a request: which trace it belongs to and which span is current. */
export interface TraceContext {
  /** 32 lower-case hex characters, not all zero. */
  readonly traceId: string;
  /** 16 lower-case hex characters, not all zero: the span that sends or handles the request. */
  readonly spanId: string;
  /** Trace flags; bit 0 is "sampled". */
  readonly traceFlags: number;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/**
 * Parses a W3C `traceparent` header (`00-<trace-id>-<parent-id>-<flags>`), returning
 * `undefined` for anything invalid: wrong length or characters, version `ff`, all-zero ids,
 * or extra fields on version 00. Higher versions are read by their first four fields, as
 * the specification asks.
 *
 * @example
 * ```ts
 * parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
 * // { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 }
 * ```
 */
export function parseTraceparent(header: string | undefined): TraceContext | undefined {
  if (header === undefined || header.length > 512) return undefined;
  const match = TRACEPARENT.exec(header.trim());
  if (match === null) return undefined;
  const [whole, version, traceId, spanId, flags] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (version === 'ff') return undefined;
  if (version === '00' && whole.trim().length !== 55) return undefined;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, traceFlags: Number.parseInt(flags, 16) };
}

/**
 * Formats a `traceparent` header (version 00).
 *
 * @example
 * ```ts
 * headers.traceparent = formatTraceparent({ traceId, spanId: newSpanId(), traceFlags: 1 });
 * ```
 */
export function formatTraceparent(context: TraceContext): string {
  const flags = (context.traceFlags & 0xff).toString(16).padStart(2, '0');
  return `00-${context.traceId}-${context.spanId}-${flags}`;
}

/**
 * A random, non-zero 16-byte trace id in hex.
 *
 * @example
 * ```ts
 * const trace = { traceId: newTraceId(), spanId: newSpanId(), traceFlags: 1 };
 * ```
 */
export function newTraceId(): string {
  return nonZeroHex(16);
}

/**
 * A random, non-zero 8-byte span id in hex.
 *
 * @example
 * ```ts
 * const child = { ...parent, spanId: newSpanId() };
 * ```
 */
export function newSpanId(): string {
  return nonZeroHex(8);
}

function nonZeroHex(bytes: number): string {
  for (;;) {
    const hex = randomBytes(bytes).toString('hex');
    if (/[^0]/.test(hex)) return hex;
  }
}
