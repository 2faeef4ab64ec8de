import type { Candidate } from '../../domain/models/candidate.js';
import type { Company } from '../../domain/models/company.js';

/** The state an in-memory unit of work keeps: one Map per table. */
export interface InMemoryState {
  readonly companies: Map<string, Company>;
  readonly candidates: Map<string, Candidate>;
}

/** An empty state. */
export function emptyInMemoryState(): InMemoryState {
  return { companies: new Map(), candidates: new Map() };
}

/** A deep copy, so a unit of work can change it and throw it away on rollback. */
export function cloneInMemoryState(state: InMemoryState): InMemoryState {
  return {
    companies: new Map([...state.companies].map(([id, c]) => [id, structuredClone(c)])),
    candidates: new Map([...state.candidates].map(([id, c]) => [id, structuredClone(c)])),
  };
}
