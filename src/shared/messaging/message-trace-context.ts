import { formatTraceparent, parseTraceparent } from '../http/trace-context.js';
import type { SpanIdentity } from '../telemetry/telemetry.js';
import { AWS_TRACE_HEADER, parseAwsTraceHeader } from './aws-trace-header.js';
import { messageLimitViolation } from './message-limit-violation.js';
import type { MessageQueueLimits, OutgoingMessage, ReceivedMessage } from './message-queue.js';

/** The message attribute carrying the W3C `traceparent` of the message's creation. */
export const TRACEPARENT_ATTRIBUTE = 'traceparent';
/** The message attribute carrying the W3C `tracestate` that goes with it (optional). */
export const TRACESTATE_ATTRIBUTE = 'tracestate';

const MAX_TRACESTATE_LENGTH = 512;

type Carrier = Pick<ReceivedMessage, 'attributes' | 'typedAttributes' | 'systemAttributes'>;

/**
 * The creation context a received message carries: its `traceparent` attribute (with
 * `tracestate` when valid), else SQS's `AWSTraceHeader` system attribute converted from X-Ray
 * (see {@link parseAwsTraceHeader}), else `undefined` — messages sent before traces crossed
 * queues, or by producers that attach none.
 *
 * @example
 * ```ts
 * const parent = readMessageTraceContext(message);
 * const span = telemetry.startSpan('process leads', { kind: 'consumer', ...(parent && { parent, links: [parent] }) });
 * ```
 */
export function readMessageTraceContext(message: Carrier): SpanIdentity | undefined {
  const fromAttributes = readW3c(message);
  if (fromAttributes !== undefined) return fromAttributes;
  return parseAwsTraceHeader(message.systemAttributes?.[AWS_TRACE_HEADER]);
}

/**
 * The creation context an outgoing message already carries (a valid `traceparent` attribute
 * set by its producer, or by the outbox relay from the context stored with the event), or
 * `undefined`.
 *
 * @example
 * ```ts
 * if (outgoingTraceContext(message) === undefined) message = withMessageTraceContext(message, span.identity());
 * ```
 */
export function outgoingTraceContext(
  message: Pick<OutgoingMessage, 'attributes' | 'typedAttributes'>,
): SpanIdentity | undefined {
  return readW3c(message);
}

/**
 * `message` carrying `trace` as its creation context: `traceparent` (and `tracestate` when
 * the trace has one) set as String attributes, replacing any the message had. Trace
 * attributes count against the broker's `limits` like any other: when the `tracestate` does
 * not fit it is left out, and when the `traceparent` does not fit either the message is
 * returned unchanged — a message is never refused for its trace.
 *
 * @example
 * ```ts
 * const message = withMessageTraceContext({ body }, span.identity(), queue.limits);
 * // message.attributes?.traceparent === '00-…-…-01'
 * ```
 */
export function withMessageTraceContext(
  message: OutgoingMessage,
  trace: SpanIdentity | undefined,
  limits?: MessageQueueLimits,
): OutgoingMessage {
  if (trace === undefined) return message;
  const traceparent = formatTraceparent(trace);
  const traceState = trace.traceState;
  const candidates: Record<string, string>[] = [
    ...(traceState !== undefined && traceState !== '' && traceState.length <= MAX_TRACESTATE_LENGTH
      ? [{ [TRACEPARENT_ATTRIBUTE]: traceparent, [TRACESTATE_ATTRIBUTE]: traceState }]
      : []),
    { [TRACEPARENT_ATTRIBUTE]: traceparent },
  ];
  const {
    [TRACEPARENT_ATTRIBUTE]: _p,
    [TRACESTATE_ATTRIBUTE]: _s,
    ...attributes
  } = message.attributes ?? {};
  const {
    [TRACEPARENT_ATTRIBUTE]: _tp,
    [TRACESTATE_ATTRIBUTE]: _ts,
    ...typedAttributes
  } = message.typedAttributes ?? {};
  for (const trace of candidates) {
    const traced: OutgoingMessage = {
      ...message,
      attributes: { ...attributes, ...trace },
      ...(message.typedAttributes === undefined ? {} : { typedAttributes }),
    };
    if (limits === undefined || messageLimitViolation(traced, limits) === undefined) return traced;
  }
  return message;
}

function readW3c(
  message: Pick<OutgoingMessage, 'attributes' | 'typedAttributes'>,
): SpanIdentity | undefined {
  const parent = parseTraceparent(stringAttribute(message, TRACEPARENT_ATTRIBUTE));
  if (parent === undefined) return undefined;
  const traceState = stringAttribute(message, TRACESTATE_ATTRIBUTE);
  return traceState === undefined || traceState === '' || traceState.length > MAX_TRACESTATE_LENGTH
    ? parent
    : { ...parent, traceState };
}

function stringAttribute(
  message: Pick<OutgoingMessage, 'attributes' | 'typedAttributes'>,
  name: string,
): string | undefined {
  return message.typedAttributes?.[name]?.stringValue ?? message.attributes?.[name];
}
