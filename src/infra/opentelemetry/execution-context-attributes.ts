import { getExecutionContext } from '../../shared/context/execution-context.js';
import type { TelemetryAttributes } from '../../shared/telemetry/telemetry.js';

const KEYS = [
  ['correlationId', 'baltra.correlation_id'],
  ['tenantId', 'baltra.tenant_id'],
  ['tenantTier', 'baltra.tenant_tier'],
  ['actionId', 'baltra.action_id'],
  ['actionType', 'baltra.action_type'],
] as const;

/**
 * The facts of the current execution context as span attributes (`baltra.correlation_id`,
 * `baltra.tenant_id`, `baltra.tenant_tier`, `baltra.action_id`, `baltra.action_type`), so
 * every span of a request or a DomainAction can be found by them; `undefined` outside one.
 *
 * @example
 * ```ts
 * runWithContext({ correlationId: 'c-1', tenantId: 'acme' }, () => executionContextAttributes());
 * // { 'baltra.correlation_id': 'c-1', 'baltra.tenant_id': 'acme' }
 * ```
 */
export function executionContextAttributes(): TelemetryAttributes | undefined {
  const context = getExecutionContext();
  if (context === undefined) return undefined;
  const attributes: Record<string, string> = {};
  for (const [from, to] of KEYS) {
    const value = context[from];
    if (typeof value === 'string' && value !== '') attributes[to] = value;
  }
  return attributes;
}
