import type { Repositories } from '../../domain/ports/unit-of-work.js';
import type { Logger } from '../../shared/logging/logger.js';
import type { DomainAction } from '../../shared/messaging/domain-action.js';
import type { StandardSchemaV1 } from '../../shared/validation/standard-schema-v1.js';

/** What a handler receives next to its validated `data`. */
export interface ActionHandlerContext {
  /** The whole envelope (ids, tenant, tier, metadata). */
  readonly action: DomainAction;
  /**
   * Repositories bound to the unit of work this action runs in (keyed by `action_id`, so a
   * redelivery never repeats the effect). Throws when the worker has no `unitOfWork`.
   */
  readonly repositories: Repositories;
  /** Aborted when the tier's handler timeout passes or the worker stops: stop early. */
  readonly signal: AbortSignal;
  /** 1 on the first delivery, then one more per redelivery (deliveries, not runs). */
  readonly receiveCount: number;
  /** 1 on the first run, then one more per earlier run that failed (see `maxAttempts`). */
  readonly attempt: number;
  /** A logger whose entries carry the action's correlation id, tenant and action id. */
  readonly logger: Logger;
}

/**
 * Handles one action type: `schema` validates the action's `data` (a message whose data
 * fails it goes to the dead-letter queue as `invalid_data`, never to `handle`; a schema that
 * throws, `schema_error`); what `handle` returns (a JSON value) is stored with the action id
 * and sent to the action's `callback_queue`.
 */
export interface ActionHandler<S extends StandardSchemaV1 = StandardSchemaV1, R = unknown> {
  /** `domain.action`, as in the envelope's `action_type`. */
  readonly type: string;
  /**
   * Any Standard Schema v1 validator: zod (the documented default), valibot, arktype …
   * `handle` receives its output; an async validator is awaited.
   */
  readonly schema: S;
  /** Failed runs before this handler's actions are dead-lettered; default the worker's `maxAttempts`. */
  readonly maxAttempts?: number;
  handle(data: StandardSchemaV1.InferOutput<S>, context: ActionHandlerContext): Promise<R>;
}

/**
 * Defines a handler with its data types inferred from the schema: any Standard Schema v1
 * validator (zod, valibot, arktype …), `data` typed as the schema's output.
 *
 * @example
 * ```ts
 * const moveCandidate = defineActionHandler({
 *   type: 'funnel.move_candidate',
 *   schema: z.object({ candidateId: z.uuid(), to: z.enum(FUNNEL_STAGES) }),
 *   async handle(data, { repositories, action }) {
 *     const moved = await new FunnelService(repositories).moveCandidate({ ...data, requestId: action.action_id });
 *     return { stage: moved.stage };
 *   },
 * });
 *
 * // Any Standard Schema validator, e.g. valibot (import * as v from 'valibot'):
 * const archiveVacancy = defineActionHandler({
 *   type: 'funnel.archive_vacancy',
 *   schema: v.object({ vacancyId: v.pipe(v.string(), v.uuid()) }),
 *   handle: async (data) => ({ archived: data.vacancyId }),
 * });
 * ```
 */
export function defineActionHandler<S extends StandardSchemaV1, R>(
  handler: ActionHandler<S, R>,
): ActionHandler<S, R> {
  return handler;
}
