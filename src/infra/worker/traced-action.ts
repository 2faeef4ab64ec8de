import type { ExecutionContextPatch } from '../../shared/context/execution-context.js';
import { runWithContext } from '../../shared/context/execution-context.js';
import type { DomainAction } from '../../shared/messaging/domain-action.js';
import { getTelemetry } from '../../shared/telemetry/global-telemetry.js';
import { noopTelemetry } from '../../shared/telemetry/noop-telemetry.js';
import { propagationContext } from '../../shared/telemetry/propagation-context.js';
import type { SpanIdentity, Telemetry } from '../../shared/telemetry/telemetry.js';
import { rememberActionTrace } from './action-trace.js';

/** What {@link tracedAction} reads of a processed message. */
export interface TraceInput {
  readonly receiveCount: number;
  readonly parent?: SpanIdentity | undefined;
  readonly queue?: string | undefined;
  readonly messageId?: string | undefined;
  readonly system?: string | undefined;
}

/**
 * Runs `work` in a consumer span per handled action, the child of the message's creation context (and
 * linked to it); its trace goes into the execution context, so an outbox write or a log
 * line inside carries it. Under the no-op telemetry no span is made, but the producer's
 * trace still goes into the context.
 *
 * @example
 * ```ts
 * const result = await tracedAction(action, { receiveCount: 1, queue: 'leads' }, () => handle(action));
 * ```
 */
export function tracedAction<T>(
  action: DomainAction,
  input: TraceInput,
  work: () => Promise<T>,
): Promise<T> {
  const telemetry = getTelemetry();
  // No async wrapper under the no-op telemetry: every promise pays AsyncLocalStorage's hooks.
  if (telemetry === noopTelemetry) {
    return input.parent === undefined ? work() : runWithContext(traceFacts(input.parent), work);
  }
  return inConsumerSpan(telemetry, action, input, work);
}

async function inConsumerSpan<T>(
  telemetry: Telemetry,
  action: DomainAction,
  input: TraceInput,
  work: () => Promise<T>,
): Promise<T> {
  const span = telemetry.startSpan(`process ${action.action_type}`, {
    kind: 'consumer',
    attributes: {
      'messaging.operation.type': 'process',
      'messaging.operation.name': 'process',
      ...(input.system === undefined ? {} : { 'messaging.system': input.system }),
      ...(input.queue === undefined ? {} : { 'messaging.destination.name': input.queue }),
      ...(input.messageId === undefined ? {} : { 'messaging.message.id': input.messageId }),
      'baltra.receive_count': input.receiveCount,
    },
    ...(input.parent === undefined ? {} : { parent: input.parent, links: [input.parent] }),
  });
  const identity = propagationContext(span);
  rememberActionTrace(action, identity);
  const run = () => telemetry.withSpan(span, work);
  try {
    return await (identity === undefined ? run() : runWithContext(traceFacts(identity), run));
  } catch (error) {
    span.recordError(error);
    throw error;
  } finally {
    span.end();
  }
}

function traceFacts(trace: SpanIdentity): ExecutionContextPatch {
  return {
    traceId: trace.traceId,
    spanId: trace.spanId,
    traceFlags: trace.traceFlags,
    traceState: trace.traceState,
  };
}
