import { createHash } from 'node:crypto';
import {
  actionDomain,
  createDomainAction,
  type DomainAction,
} from '../../shared/messaging/domain-action.js';
import { messageBytes } from '../../shared/messaging/message-bytes.js';
import type { MessageQueue, OutgoingMessage } from '../../shared/messaging/message-queue.js';
import type { ActionFailure } from './action-failure.js';
import { sendOne } from './send-one.js';

/** What a callback carries: the result, or the error that ended the action. */
export type CallbackOutcome =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: ActionFailure };

/**
 * The callback message of an action: a DomainAction of type `callback_action_type` (default
 * `{domain}.callback`) with the same tenant, task, session and correlation id,
 * `metadata.in_reply_to` = the action id, and a deterministic id (`{action_id}.callback`) so a
 * repeated callback (after a redelivery) can be recognised. FIFO callback queues get the task
 * (or tenant) as message group. A result too large for the queue's `limits` is left out, with
 * its size and SHA-256 in `data.result_omitted`.
 *
 * @example
 * ```ts
 * const message = callbackMessage(action, 'funnel-results', { ok: true, result: { candidateId } }, queue.limits);
 * ```
 */
export function callbackMessage(
  action: DomainAction,
  callbackQueue: string,
  outcome: CallbackOutcome,
  limits?: MessageQueue['limits'],
): OutgoingMessage {
  const build = (data: Record<string, unknown>) =>
    JSON.stringify(
      createDomainAction({
        type: action.callback_action_type ?? `${actionDomain(action.action_type)}.callback`,
        tenantId: action.tenant_id,
        tier: action.tenant_tier,
        actionId: `${action.action_id}.callback`,
        correlationId: action.correlation_id ?? action.action_id,
        data: { ...data, action_id: action.action_id, action_type: action.action_type },
        metadata: { in_reply_to: action.action_id },
        ...(action.task_id && { taskId: action.task_id }),
        ...(action.session_id && { sessionId: action.session_id }),
      }),
    );
  let body = build({ ...outcome });
  if (limits !== undefined && messageBytes({ body }) > limits.maxMessageBytes && outcome.ok) {
    const result = JSON.stringify(outcome.result) ?? 'null';
    body = build({
      ok: true,
      result: null,
      result_omitted: {
        bytes: Buffer.byteLength(result, 'utf8'),
        sha256: createHash('sha256').update(result).digest('hex'),
      },
    });
  }
  return {
    body,
    ...(callbackQueue.endsWith('.fifo') && {
      groupId: action.task_id ?? action.tenant_id,
      deduplicationId: `${action.action_id}.callback`,
    }),
  };
}

/**
 * Answers an action on its `callback_queue` (see {@link callbackMessage}); throws when the
 * queue refused it. The `Worker` sends callbacks through its `CallbackDispatcher` instead,
 * which checks the destination against its allow-list and retries.
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
  await sendOne(
    queue,
    callbackQueue,
    callbackMessage(action, callbackQueue, outcome, queue.limits),
  );
}
