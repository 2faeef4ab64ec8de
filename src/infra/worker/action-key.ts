import type { DomainAction } from '../../shared/messaging/domain-action.js';

/**
 * The idempotency (and attempts) key of an action: `action:{tenant_id}/{action_id}`. The
 * tenant is part of it, so two tenants that both send `order-7` never share a result; `/`
 * cannot appear in either id, so no two pairs give one key.
 *
 * @example
 * ```ts
 * actionKey({ tenant_id: 'acme', action_id: 'order-7' }); // 'action:acme/order-7'
 * ```
 */
export function actionKey(action: Pick<DomainAction, 'tenant_id' | 'action_id'>): string {
  return `action:${action.tenant_id}/${action.action_id}`;
}
