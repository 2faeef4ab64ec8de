import type { DomainAction } from '../../shared/messaging/domain-action.js';
import type { MessageQueue, ReceivedMessage } from '../../shared/messaging/message-queue.js';
import { readMessageTraceContext } from '../../shared/messaging/message-trace-context.js';
import type { SpanIdentity } from '../../shared/telemetry/telemetry.js';

// Keyed by the parsed action, which travels from the processor's outcome to the callback
// dispatcher unchanged; nothing is kept once the action is dropped.
const traces = new WeakMap<DomainAction, SpanIdentity>();

/**
 * Records the span an action was processed in (or the producer's context, before it ran).
 *
 * @example
 * ```ts
 * rememberActionTrace(action, span.identity());
 * ```
 */
export function rememberActionTrace(action: DomainAction, trace: SpanIdentity | undefined): void {
  if (trace !== undefined) traces.set(action, trace);
}

/**
 * The trace an action's callback continues, when the processor recorded one.
 *
 * @example
 * ```ts
 * const creation = messageCreationContext(callbackQueue, { parent: actionTrace(action) });
 * ```
 */
export function actionTrace(action: DomainAction): SpanIdentity | undefined {
  return traces.get(action);
}

/** What the processor's consumer span says about a received message. */
export interface MessageTraceInput {
  readonly parent: SpanIdentity | undefined;
  readonly queue: string;
  readonly messageId: string;
  readonly system: string | undefined;
}

/**
 * The trace facts of `message`, received from `queueName` on `queue`, for `process()`.
 *
 * @example
 * ```ts
 * await processor.process({ body, receiveCount, ...messageTraceInput(queue, 'jobs', message) });
 * ```
 */
export function messageTraceInput(
  queue: Pick<MessageQueue, 'messagingSystem'>,
  queueName: string,
  message: ReceivedMessage,
): MessageTraceInput {
  return {
    parent: readMessageTraceContext(message),
    queue: queueName,
    messageId: message.messageId,
    system: queue.messagingSystem,
  };
}
