import type { Candidate } from '../../domain/models/candidate.js';
import type { Company } from '../../domain/models/company.js';
import type { OutboxEntry } from '../../domain/models/domain-event.js';
import type { LeadCursor, QuarantinedLead } from '../../domain/models/lead.js';
import type { Onboarding } from '../../domain/models/onboarding.js';
import type { StageTransition } from '../../domain/models/stage-transition.js';
import type { Vacancy } from '../../domain/models/vacancy.js';
import type { AttemptRunMode } from '../../domain/ports/action-attempt-store.js';

/** A stored idempotency key: claimed by a unit of work, or completed with its JSON result. */
export type IdempotencyRecord =
  | { readonly state: 'claimed' }
  | { readonly state: 'completed'; readonly result: unknown };

/**
 * The stored runs of one action: its counts, and the mode of the run begun and not yet ended
 * (`undefined` when no run is open).
 */
export interface ActionAttemptRecord {
  readonly failures: number;
  readonly interruptions: number;
  readonly crashes: number;
  readonly openRun: AttemptRunMode | undefined;
}

/**
 * The state an in-memory unit of work keeps: one Map per table. Stored values are never
 * mutated in place (repositories store copies and replace entries), so a draft can share them
 * with the state it was forked from.
 */
export interface InMemoryState {
  readonly companies: Map<string, Company>;
  readonly vacancies: Map<string, Vacancy>;
  readonly candidates: Map<string, Candidate>;
  /** Candidate id by {@link compositeKey}(companyId, metaLeadId): the unique index. */
  readonly candidatesByMetaLead: Map<string, string>;
  /** By transition id, in insertion order. */
  readonly transitions: Map<string, StageTransition>;
  /** By event id, in append order. */
  readonly outbox: Map<string, OutboxEntry>;
  /** By {@link compositeKey}(companyId, sourceKey). */
  readonly leadCursors: Map<string, LeadCursor>;
  /** By {@link compositeKey}(companyId, metaLeadId). */
  readonly quarantine: Map<string, QuarantinedLead>;
  /** By candidate id. */
  readonly onboardings: Map<string, Onboarding>;
  readonly idempotency: Map<string, IdempotencyRecord>;
  /** By the action's idempotency key. */
  readonly attempts: Map<string, ActionAttemptRecord>;
  /** The last outbox sequence handed out. */
  outboxSequence: number;
}

/**
 * An empty state.
 *
 * @example
 * ```ts
 * const uow = new InMemoryUnitOfWork(emptyInMemoryState());
 * ```
 */
export function emptyInMemoryState(): InMemoryState {
  return {
    companies: new Map(),
    vacancies: new Map(),
    candidates: new Map(),
    candidatesByMetaLead: new Map(),
    transitions: new Map(),
    outbox: new Map(),
    leadCursors: new Map(),
    quarantine: new Map(),
    onboardings: new Map(),
    idempotency: new Map(),
    attempts: new Map(),
    outboxSequence: 0,
  };
}

/**
 * A deep copy, safe to inspect or change without touching the original.
 *
 * @example
 * ```ts
 * const seeded = cloneInMemoryState(fixtureState); // each test starts from the same data
 * const uow = new InMemoryUnitOfWork(seeded);
 * ```
 */
export function cloneInMemoryState(state: InMemoryState): InMemoryState {
  return structuredClone(state);
}

/**
 * A private working copy for a unit of work or savepoint: new Maps over the same (immutable)
 * values, so forking costs one shallow copy per table.
 *
 * @example
 * ```ts
 * const draft = forkInMemoryState(committed);
 * ```
 */
export function forkInMemoryState(state: InMemoryState): InMemoryState {
  return {
    companies: new Map(state.companies),
    vacancies: new Map(state.vacancies),
    candidates: new Map(state.candidates),
    candidatesByMetaLead: new Map(state.candidatesByMetaLead),
    transitions: new Map(state.transitions),
    outbox: new Map(state.outbox),
    leadCursors: new Map(state.leadCursors),
    quarantine: new Map(state.quarantine),
    onboardings: new Map(state.onboardings),
    idempotency: new Map(state.idempotency),
    attempts: new Map(state.attempts),
    outboxSequence: state.outboxSequence,
  };
}

/**
 * Makes `target` hold what `source` holds (a savepoint's draft merged into its parent).
 *
 * @example
 * ```ts
 * replaceInMemoryState(parentDraft, savepointDraft);
 * ```
 */
export function replaceInMemoryState(target: InMemoryState, source: InMemoryState): void {
  const tables = [
    'companies',
    'vacancies',
    'candidates',
    'candidatesByMetaLead',
    'transitions',
    'outbox',
    'leadCursors',
    'quarantine',
    'onboardings',
    'idempotency',
    'attempts',
  ] as const;
  for (const table of tables) {
    const into = target[table] as Map<string, unknown>;
    into.clear();
    for (const [key, value] of source[table]) into.set(key, value);
  }
  target.outboxSequence = source.outboxSequence;
}

/**
 * The Map key of a compound unique key such as `(companyId, metaLeadId)`.
 *
 * @example
 * ```ts
 * state.quarantine.get(compositeKey(companyId, metaLeadId));
 * ```
 */
export function compositeKey(...parts: readonly string[]): string {
  return JSON.stringify(parts);
}
