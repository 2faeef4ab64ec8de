import {
  actionDomain,
  createDomainAction,
  type DomainAction,
} from '../../shared/messaging/domain-action.js';
import type { MessageQueue } from '../../shared/messaging/message-queue.js';
import type { ActionFailure } from './action-failure.js';
import { sendOne } from './send-one.js';

/** What a callback carries: the result, or the error that ended the action. */
export type CallbackOutcome =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: ActionFailure };

/**
 * Answers an action on its `callback_queue` with a DomainAction of type
 * `callback_action_type` (default `{domain}.callback`), the same tenant, task, session and
 * correlation id, `metadata.in_reply_to` = the action id, and a deterministic id
 * (`{action_id}.callback`) so a repeated callback (after a redelivery) can be recognised.
 * FIFO callback queues get the task (or tenant) as message group.
 *
 * @example
 * ```ts
 * await sendCallback(queue, action, { ok: true, result: { candidateId } });
 * ```
 */
export async function sendCallback(
  queue: MessageQueue,
  action: DomainAction,
  outcome: CallbackOutcome,
): Promise<void> {
  const callbackQueue = action.callback_queue;
  if (callbackQueue === undefined) return;
  const callback = createDomainAction({
    type: action.callback_action_type ?? `${actionDomain(action.action_type)}.callback`,
    tenantId: action.tenant_id,
    tier: action.tenant_tier,
    actionId: `${action.action_id}.callback`,
    correlationId: action.correlation_id ?? action.action_id,
    data: { ...outcome, action_id: action.action_id, action_type: action.action_type },
    metadata: { in_reply_to: action.action_id },
    ...(action.task_id && { taskId: action.task_id }),
    ...(action.session_id && { sessionId: action.session_id }),
  });
  await sendOne(queue, callbackQueue, {
    body: JSON.stringify(callback),
    ...(callbackQueue.endsWith('.fifo') && {
      groupId: action.task_id ?? action.tenant_id,
      deduplicationId: callback.action_id,
    }),
  });
}
