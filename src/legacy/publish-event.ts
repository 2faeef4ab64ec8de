import { sendOne } from '../infra/worker/send-one.js';
import { getExecutionContext } from '../shared/context/execution-context.js';
import { createDomainAction } from '../shared/messaging/domain-action.js';
import type { MessageQueue } from '../shared/messaging/message-queue.js';
import { isTenantTier, type TenantTier } from '../shared/messaging/tenant-tier.js';
import { retryPolicy } from '../shared/resilience/retry-policy.js';
import { warnDeprecated } from './warn-deprecated.js';

/** An event as carpeta_common published it: a type (`domain.event`) and a JSON payload. */
export interface LegacyEvent {
  /** carpeta's `event_type`, e.g. `citizen.registered`; becomes the action type. */
  readonly type: string;
  readonly payload: Record<string, unknown>;
}

/** Options of {@link publishEvent}. */
export interface PublishEventOptions {
  /** Attempts in all (carpeta's `max_retries`); default 3. */
  readonly maxRetries?: number;
  /** Delay before the second attempt, growing exponentially with jitter; default 1,000 ms. */
  readonly initialDelayMs?: number;
  /** Longest delay between attempts; default 10,000 ms. */
  readonly maxDelayMs?: number;
  /** Default: the execution context's tenant, else `default`. */
  readonly tenantId?: string;
  /** Default: the execution context's tier, else `free`. */
  readonly tier?: TenantTier;
  /** The event's `action_id`; default a random UUID (carpeta's `message_id`). */
  readonly eventId?: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** FIFO queues: the message group; default the tenant. */
  readonly groupId?: string;
}

/**
 * @deprecated Use `createDomainAction()` and `MessageQueue.send()` (its `failed` entries say
 * which may be sent again), or record the event in the outbox and let the `OutboxRelay`
 * publish it. carpeta_common's `publish_event()`: the event becomes a
 * DomainAction (`action_type` = the event type, `data` = the payload) sent to `queueName`,
 * retried with exponential backoff while the failure is transient; a refused or permanently
 * failing send rejects. Resolves with the event's id.
 *
 * @example
 * ```ts
 * await publishEvent(queue, 'citizen-registered', {
 *   type: 'citizen.registered',
 *   payload: { citizenId: '1234567890' },
 * }); // warns once: BALTRA_DEP005
 * ```
 */
export async function publishEvent(
  queue: MessageQueue,
  queueName: string,
  event: LegacyEvent,
  options: PublishEventOptions = {},
): Promise<string> {
  warnDeprecated(
    'BALTRA_DEP005',
    'publishEvent()',
    'createDomainAction() with MessageQueue.send() (or the outbox and OutboxRelay)',
  );
  const context = getExecutionContext();
  const tier = options.tier ?? (isTenantTier(context?.tenantTier) ? context.tenantTier : 'free');
  const action = createDomainAction({
    type: event.type,
    tenantId: options.tenantId ?? context?.tenantId ?? 'default',
    tier,
    data: event.payload,
    ...(options.eventId !== undefined && { actionId: options.eventId }),
    ...(options.metadata !== undefined && { metadata: options.metadata }),
  });
  const attempts = options.maxRetries ?? 3;
  const retry = retryPolicy({
    name: `publish:${queueName}`,
    maxRetries: Math.max(0, attempts - 1),
    initialDelayMs: options.initialDelayMs ?? 1000,
    maxDelayMs: options.maxDelayMs ?? 10_000,
  });
  const fifo = queueName.endsWith('.fifo');
  await retry.execute(() =>
    sendOne(queue, queueName, {
      body: JSON.stringify(action),
      ...(fifo && {
        groupId: options.groupId ?? action.tenant_id,
        deduplicationId: action.action_id,
      }),
    }),
  );
  return action.action_id;
}
