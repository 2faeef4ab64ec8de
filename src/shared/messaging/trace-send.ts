import { getTelemetry } from '../telemetry/global-telemetry.js';
import { noopTelemetry } from '../telemetry/noop-telemetry.js';
import { propagationContext } from '../telemetry/propagation-context.js';
import type {
  SpanIdentity,
  Telemetry,
  TelemetryAttributes,
  TelemetrySpan,
} from '../telemetry/telemetry.js';
import type { MessageQueueLimits, OutgoingMessage, SendOutcome } from './message-queue.js';
import { outgoingTraceContext, withMessageTraceContext } from './message-trace-context.js';

/** Options of {@link traceSend}. */
export interface TraceSendOptions {
  /** `messaging.system` of the spans: `aws_sqs`, `redis`, `baltra_memory` … */
  readonly system: string;
  /** The broker's limits: trace attributes are added only where they fit. */
  readonly limits?: MessageQueueLimits;
  /** Default: the process-wide telemetry at call time. */
  readonly telemetry?: Telemetry;
}

/**
 * Traces one `send` of a message queue the way OpenTelemetry's messaging conventions ask, and
 * attaches a creation context to every message that has none (`traceparent`, and
 * `tracestate` when there is one, as message attributes — only where they fit the broker's
 * `limits`):
 *
 * - one message: a `send {queue}` PRODUCER span whose context the message carries;
 * - a batch: a `create {queue}` PRODUCER span per message (its context goes into that
 *   message), then one `send {queue}` CLIENT span with `messaging.batch.message_count` and a
 *   link to every message's creation context;
 * - a message that already carries a `traceparent` (set by its producer, or by the outbox relay
 *   from the context stored with the event) keeps it unchanged; the send span links to it.
 *
 * Spans carry `messaging.system`, `messaging.destination.name`, `messaging.operation.type`
 * and `.name`, and `messaging.message.id` for a single message once sent; a refused message
 * sets `error.type` to its code. Under the no-op telemetry nothing is traced or added. The
 * SDK's adapters call it in their `send`; wrap a hand-written adapter in
 * `tracedMessageQueue` instead.
 *
 * @example
 * ```ts
 * async send(queue: string, messages: readonly OutgoingMessage[]): Promise<SendOutcome> {
 *   return traceSend(queue, messages, { system: 'kafka', limits: this.limits }, (traced) =>
 *     this.sendUntraced(queue, traced),
 *   );
 * }
 * ```
 */
export async function traceSend(
  queue: string,
  messages: readonly OutgoingMessage[],
  options: TraceSendOptions,
  send: (messages: readonly OutgoingMessage[]) => Promise<SendOutcome>,
): Promise<SendOutcome> {
  const telemetry = options.telemetry ?? getTelemetry();
  if (telemetry === noopTelemetry || messages.length === 0) return send(messages);
  const base = {
    'messaging.system': options.system,
    'messaging.destination.name': queue,
  } satisfies TelemetryAttributes;
  const sendAttributes = {
    ...base,
    'messaging.operation.type': 'send',
    'messaging.operation.name': 'send',
  } satisfies TelemetryAttributes;
  let span: TelemetrySpan;
  let prepared: readonly OutgoingMessage[];
  const [only] = messages;
  if (only !== undefined && messages.length === 1) {
    const custom = outgoingTraceContext(only);
    span = telemetry.startSpan(`send ${queue}`, {
      kind: custom === undefined ? 'producer' : 'client',
      attributes: sendAttributes,
      ...(custom === undefined ? {} : { links: [custom] }),
    });
    prepared =
      custom === undefined
        ? [withMessageTraceContext(only, propagationContext(span), options.limits)]
        : [only];
  } else {
    const links: SpanIdentity[] = [];
    prepared = messages.map((message) => {
      const custom = outgoingTraceContext(message);
      if (custom !== undefined) {
        links.push(custom);
        return message;
      }
      const create = telemetry.startSpan(`create ${queue}`, {
        kind: 'producer',
        attributes: {
          ...base,
          'messaging.operation.type': 'create',
          'messaging.operation.name': 'create',
        },
      });
      // Read before end(): an ended span no longer reports its identity.
      const identity = propagationContext(create);
      create.end();
      if (identity !== undefined) links.push(identity);
      return withMessageTraceContext(message, identity, options.limits);
    });
    span = telemetry.startSpan(`send ${queue}`, {
      kind: 'client',
      attributes: { ...sendAttributes, 'messaging.batch.message_count': messages.length },
      ...(links.length === 0 ? {} : { links }),
    });
  }
  try {
    const outcome = await telemetry.withSpan(span, () => send(prepared));
    const [sent] = outcome.sent;
    if (messages.length === 1 && sent !== undefined) {
      span.setAttribute('messaging.message.id', sent.messageId);
    }
    const [failed] = outcome.failed;
    if (failed !== undefined) span.setAttribute('error.type', failed.code);
    return outcome;
  } catch (error) {
    span.recordError(error);
    throw error;
  } finally {
    span.end();
  }
}
