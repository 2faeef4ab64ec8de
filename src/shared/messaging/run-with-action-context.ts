import { runWithContext } from '../context/execution-context.js';
import type { DomainAction } from './domain-action.js';

/**
 * Runs `fn` in the execution context of a DomainAction: its correlation id (the action id
 * when it has none), tenant, tier, action id and type, task and session, so every log line
 * and span of the message carries them.
 *
 * @example
 * ```ts
 * await runWithActionContext(action, () => handler.handle(action.data));
 * ```
 */
export function runWithActionContext<R>(action: DomainAction<unknown>, fn: () => R): R {
  return runWithContext(
    {
      correlationId: action.correlation_id ?? action.action_id,
      tenantId: action.tenant_id,
      tenantTier: action.tenant_tier,
      actionId: action.action_id,
      actionType: action.action_type,
      taskId: action.task_id,
      sessionId: action.session_id,
    },
    fn,
  );
}
