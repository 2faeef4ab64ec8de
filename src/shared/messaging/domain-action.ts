import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { getExecutionContext } from '../context/execution-context.js';
import { TENANT_TIERS, type TenantTier } from './tenant-tier.js';

/** The envelope version this SDK writes; readers accept it and envelopes without one (legacy). */
export const DOMAIN_ACTION_VERSION = 1;

/** `domain.action`: lowercase words of letters, digits and `_`; more `.action` parts allowed. */
export const ACTION_TYPE_PATTERN = /^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+$/;

/** The ids of the envelope (`action_id`, `tenant_id`, `task_id`, `session_id`). */
export const ENVELOPE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const identifier = (max: number) => z.string().min(1).max(max).regex(ENVELOPE_ID_PATTERN);
/** `created_at`: an ISO 8601 date-time with `Z` or an offset. */
export const createdAtSchema = z.iso.datetime({ offset: true });

/**
 * The wire schema of a DomainAction (DESIGN §4, the source systems' envelope): snake_case
 * fields so Python and TypeScript services read the same JSON.
 *
 * @example
 * ```ts
 * const action = domainActionSchema.parse(JSON.parse(body));
 * ```
 */
export const domainActionSchema = z.object({
  version: z.literal(DOMAIN_ACTION_VERSION).default(DOMAIN_ACTION_VERSION),
  action_id: identifier(128),
  action_type: z
    .string()
    .max(128)
    .regex(ACTION_TYPE_PATTERN, 'must look like "domain.action" (lowercase, dot separated)'),
  tenant_id: identifier(128),
  tenant_tier: z.enum(TENANT_TIERS).default('free'),
  task_id: identifier(128).optional(),
  session_id: identifier(128).optional(),
  correlation_id: z.string().min(1).max(128).optional(),
  callback_queue: z.string().min(1).max(256).optional(),
  callback_action_type: z.string().max(128).regex(ACTION_TYPE_PATTERN).optional(),
  created_at: createdAtSchema.optional(),
  data: z.record(z.string(), z.unknown()),
  metadata: z.record(z.string(), z.unknown()).default({}),
});

/**
 * A unit of work one service asks another to do, carried by a queue message. `data` is the
 * action's payload, validated by the handler's own schema; `metadata` holds free-form facts
 * (never secrets or PII).
 */
export interface DomainAction<TData = Record<string, unknown>> {
  readonly version: typeof DOMAIN_ACTION_VERSION;
  readonly action_id: string;
  readonly action_type: string;
  readonly tenant_id: string;
  readonly tenant_tier: TenantTier;
  readonly task_id?: string | undefined;
  readonly session_id?: string | undefined;
  readonly correlation_id?: string | undefined;
  readonly callback_queue?: string | undefined;
  readonly callback_action_type?: string | undefined;
  readonly created_at?: string | undefined;
  readonly data: TData;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** What {@link createDomainAction} needs; everything else gets a sensible default. */
export interface CreateDomainActionInput<TData> {
  readonly type: string;
  readonly tenantId: string;
  readonly tier?: TenantTier;
  readonly data: TData;
  /** Defaults to a random UUID; pass a stable id to make a resend a duplicate on purpose. */
  readonly actionId?: string;
  readonly taskId?: string;
  readonly sessionId?: string;
  /** Defaults to the current execution context's correlation id. */
  readonly correlationId?: string;
  readonly callbackQueue?: string;
  readonly callbackActionType?: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** Defaults to now. */
  readonly createdAt?: Date;
}

/**
 * Builds a valid DomainAction (validated with {@link domainActionSchema}; throws a zod error
 * on bad input, which is a programming error on the sending side).
 *
 * @example
 * ```ts
 * const action = createDomainAction({
 *   type: 'leads.ingest', tenantId: 'acme', tier: 'professional', data: { formId: '42' },
 *   callbackQueue: 'leads-results',
 * });
 * await queue.send('leads', [{ body: JSON.stringify(action) }]);
 * ```
 */
export function createDomainAction<TData extends Record<string, unknown>>(
  input: CreateDomainActionInput<TData>,
): DomainAction<TData> {
  const correlationId = input.correlationId ?? getExecutionContext()?.correlationId;
  const parsed = domainActionSchema.parse({
    version: DOMAIN_ACTION_VERSION,
    action_id: input.actionId ?? randomUUID(),
    action_type: input.type,
    tenant_id: input.tenantId,
    tenant_tier: input.tier ?? 'free',
    task_id: input.taskId,
    session_id: input.sessionId,
    correlation_id: correlationId,
    callback_queue: input.callbackQueue,
    callback_action_type: input.callbackActionType,
    created_at: (input.createdAt ?? new Date()).toISOString(),
    data: input.data,
    metadata: input.metadata ?? {},
  });
  return parsed as DomainAction<TData>;
}

/**
 * The domain part of an action type: `leads` for `leads.ingest`.
 *
 * @example
 * ```ts
 * actionDomain('leads.ingest'); // 'leads'
 * ```
 */
export function actionDomain(actionType: string): string {
  const dot = actionType.indexOf('.');
  return dot === -1 ? actionType : actionType.slice(0, dot);
}
