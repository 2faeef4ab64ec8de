import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type { StageTransition } from '../../domain/models/stage-transition.js';
import type { StageTransitionRepository } from '../../domain/ports/stage-transition-repository.js';
import { compositeKey, type InMemoryState } from './in-memory-store.js';

/**
 * A `StageTransitionRepository` over a Map: unique ids, unique `(companyId, requestId)`, and
 * the candidate must exist (as the SQL foreign key requires). A failed `add` writes nothing.
 *
 * @example
 * ```ts
 * const history = await uow.run(({ transitions }) => transitions.listByCandidate(candidateId));
 * ```
 */
export class InMemoryStageTransitionRepository implements StageTransitionRepository {
  constructor(private readonly state: InMemoryState) {}

  async add(transitions: readonly StageTransition[]): Promise<void> {
    const requestKeys = new Set<string>();
    for (const stored of this.state.transitions.values()) {
      if (stored.requestId !== undefined) requestKeys.add(requestKey(stored));
    }
    const ids = new Set<string>();
    for (const transition of transitions) {
      if (this.state.transitions.has(transition.id) || ids.has(transition.id)) {
        throw new ConflictError(`stage transition ${transition.id} already exists`, {
          context: { entity: 'StageTransition', id: transition.id },
        });
      }
      ids.add(transition.id);
      if (transition.requestId !== undefined) {
        const key = requestKey(transition);
        if (requestKeys.has(key)) {
          throw new ConflictError(
            `request ${transition.requestId} already recorded a move in company ${transition.companyId}`,
            {
              context: {
                entity: 'StageTransition',
                constraint: 'stage_transitions_company_request_unique',
                requestId: transition.requestId,
              },
            },
          );
        }
        requestKeys.add(key);
      }
      if (!this.state.candidates.has(transition.candidateId)) {
        throw new NotFoundError('Candidate', transition.candidateId);
      }
    }
    for (const transition of transitions) {
      this.state.transitions.set(transition.id, structuredClone(transition));
    }
  }

  async listByCandidate(candidateId: string): Promise<StageTransition[]> {
    return [...this.state.transitions.values()]
      .filter((t) => t.candidateId === candidateId)
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map((t) => structuredClone(t));
  }

  async findByRequestId(companyId: string, requestId: string): Promise<StageTransition | null> {
    for (const transition of this.state.transitions.values()) {
      if (transition.companyId === companyId && transition.requestId === requestId) {
        return structuredClone(transition);
      }
    }
    return null;
  }
}

function requestKey(transition: StageTransition): string {
  return compositeKey(transition.companyId, transition.requestId ?? '');
}
