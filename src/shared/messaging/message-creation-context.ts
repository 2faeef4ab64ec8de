import { getTelemetry } from '../telemetry/global-telemetry.js';
import { noopTelemetry } from '../telemetry/noop-telemetry.js';
import { propagationContext } from '../telemetry/propagation-context.js';
import type { SpanIdentity, Telemetry } from '../telemetry/telemetry.js';

/** Options of {@link messageCreationContext}. */
export interface MessageCreationContextOptions {
  /** The trace the message continues (a context stored with it); default the active span. */
  readonly parent?: SpanIdentity | undefined;
  /** `messaging.system` of the span (the queue's `messagingSystem`), when known. */
  readonly system?: string | undefined;
  /** Default: the process-wide telemetry at call time. */
  readonly telemetry?: Telemetry;
}

/**
 * The creation context of a message about to be sent to `destination`: a `create
 * {destination}` PRODUCER span (child of `parent`, or of the active span), ended at once,
 * whose identity the message then carries (`withMessageTraceContext`). Under the no-op
 * telemetry no span is made and `parent` is passed through as it is, so a service that does
 * not record traces still hands them on. Used by the outbox relay (the parent is the context
 * stored with the event) and by the worker's callbacks (the action's span).
 *
 * @example
 * ```ts
 * const trace = messageCreationContext('domain-events', { parent: storedTrace, system: queue.messagingSystem });
 * await queue.send('domain-events', [withMessageTraceContext({ body }, trace, queue.limits)]);
 * ```
 */
export function messageCreationContext(
  destination: string,
  options: MessageCreationContextOptions = {},
): SpanIdentity | undefined {
  const telemetry = options.telemetry ?? getTelemetry();
  if (telemetry === noopTelemetry) return options.parent;
  const span = telemetry.startSpan(`create ${destination}`, {
    kind: 'producer',
    attributes: {
      ...(options.system === undefined ? {} : { 'messaging.system': options.system }),
      'messaging.destination.name': destination,
      'messaging.operation.type': 'create',
      'messaging.operation.name': 'create',
    },
    ...(options.parent === undefined ? {} : { parent: options.parent }),
  });
  // Read before end(): an ended span no longer reports its identity.
  const identity = propagationContext(span);
  span.end();
  return identity ?? options.parent;
}
