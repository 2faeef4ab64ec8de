import type { Candidate } from '../models/candidate.js';
import type { FunnelFilter, StageCounts } from '../models/funnel-buckets.js';

/**
 * Stores candidates. Implementations run inside a unit of work: what they write is committed
 * or rolled back with it.
 *
 * Errors: `ConflictError` for a duplicate id, a duplicate `metaLeadId` within a company, or a
 * stale `version` on update; `NotFoundError` for an unknown company or candidate;
 * `InfrastructureError` when the store fails.
 *
 * @example
 * ```ts
 * await uow.run(async ({ candidates }) => {
 *   await candidates.add(aCandidate({ companyId }));
 *   return candidates.countByStage(companyId);
 * });
 * ```
 */
export interface CandidateRepository {
  /** Inserts a new candidate (its `version` is stored as given, normally 1). */
  add(candidate: Candidate): Promise<void>;
  /**
   * Inserts many candidates at once, skipping those whose `(companyId, metaLeadId)` is already
   * stored (or repeated earlier in the list); returns the ones inserted, in input order.
   */
  addNew(candidates: readonly Candidate[]): Promise<Candidate[]>;
  /**
   * Replaces a stored candidate's mutable fields (stage, contact data, vacancy, updatedAt) if
   * its stored version equals `candidate.version`; returns it with the version incremented.
   * A different stored version is a `ConflictError` (someone else changed it first).
   */
  update(candidate: Candidate): Promise<Candidate>;
  /** The candidate with this id, or null. */
  get(id: string): Promise<Candidate | null>;
  /** The company's candidate that came from this Meta lead, or null. */
  findByMetaLeadId(companyId: string, metaLeadId: string): Promise<Candidate | null>;
  /** Candidates per stage for one company, counted by the store (never by loading rows). */
  countByStage(companyId: string, filter?: FunnelFilter): Promise<StageCounts>;
}
