import type { StageTransition } from '../models/stage-transition.js';

/**
 * The history of funnel moves.
 *
 * @example
 * ```ts
 * const history = await uow.run(({ transitions }) => transitions.listByCandidate(candidateId));
 * ```
 */
export interface StageTransitionRepository {
  /** Appends transitions; a repeated `(companyId, requestId)` is a `ConflictError`. */
  add(transitions: readonly StageTransition[]): Promise<void>;
  /** A candidate's transitions, oldest first. */
  listByCandidate(candidateId: string): Promise<StageTransition[]>;
  /** The transition recorded for this request id of the company, or null. */
  findByRequestId(companyId: string, requestId: string): Promise<StageTransition | null>;
}
