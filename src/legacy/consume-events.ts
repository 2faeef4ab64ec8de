import type { ActionHandlerContext } from '../infra/worker/action-handler.js';
import { Worker } from '../infra/worker/worker.js';
import type { WorkerOptions } from '../infra/worker/worker-options.js';
import { CatchAllHandlerRegistry } from './catch-all-handler-registry.js';
import { warnDeprecated } from './warn-deprecated.js';

/** What {@link consumeEvents} calls for each event: the payload, and the action's context. */
export type LegacyEventHandler = (
  payload: Record<string, unknown>,
  context: ActionHandlerContext,
) => Promise<unknown> | unknown;

/** Options of {@link consumeEvents}: the `Worker`'s, in carpeta_common's terms. */
export interface ConsumeEventsOptions
  extends Omit<WorkerOptions, 'queue' | 'queues' | 'handlers' | 'maxReceiveCount' | 'maxAttempts'> {
  /** Deliveries before a failing event goes to the dead-letter queue (carpeta's `max_retries`); default 3. */
  readonly maxRetries?: number;
  /** Default `{queueName}-dlq`. */
  readonly deadLetterQueue?: string;
  /** Only these event types are handled; others are dead-lettered as `unknown_action_type`. Default: all. */
  readonly eventTypes?: readonly string[];
}

/**
 * @deprecated Use a `Worker` from `@baltra/sdk/worker` with handlers made by
 * `defineActionHandler()`. carpeta_common's `consume_events()`: starts a `Worker` on
 * `queueName` that hands every event's payload (a DomainAction's `data`, as `publishEvent`
 * sends it) to `handler`. What happens to a failure is the Worker's: retried with backoff,
 * dead-lettered with its reason after `maxRetries` failed attempts (or at once for a permanent
 * error, or a message that is not a DomainAction). Returns the running worker: `stop()` it.
 *
 * @example
 * ```ts
 * const worker = consumeEvents(queue, 'citizen-registered', async (payload) => {
 *   await updateReadModel(String(payload.citizenId));
 * }); // warns once: BALTRA_DEP006
 * worker.stopOnSignals();
 * ```
 */
export function consumeEvents(
  queue: WorkerOptions['queue'],
  queueName: string,
  handler: LegacyEventHandler,
  options: ConsumeEventsOptions = {},
): Worker {
  warnDeprecated(
    'BALTRA_DEP006',
    'consumeEvents()',
    'Worker with defineActionHandler() from @baltra/sdk/worker',
  );
  const { maxRetries, deadLetterQueue, eventTypes, ...workerOptions } = options;
  const handle = async (payload: Record<string, unknown>, context: ActionHandlerContext) =>
    (await handler(payload, context)) ?? null;
  return new Worker({
    ...workerOptions,
    queue,
    queues: [{ name: queueName, ...(deadLetterQueue !== undefined && { deadLetterQueue }) }],
    handlers: new CatchAllHandlerRegistry(
      handle,
      eventTypes === undefined ? undefined : new Set(eventTypes),
    ),
    maxAttempts: maxRetries ?? 3,
  }).start();
}
