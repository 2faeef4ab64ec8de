import type { Candidate } from '../models/candidate.js';
import type { FunnelFilter, StageCounts } from '../models/funnel-buckets.js';

/**
 * Stores candidates. Implementations run inside a unit of work: what they write is committed
 * or rolled back with it.
 *
 * Errors: `ConflictError` for a duplicate id or a duplicate `metaLeadId` within a company;
 * `NotFoundError` when updating a missing candidate; `InfrastructureError` when the store fails.
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
  /** Inserts a new candidate. */
  add(candidate: Candidate): Promise<void>;
  /** Replaces a stored candidate's mutable fields (stage, contact data, timestamps). */
  update(candidate: Candidate): Promise<void>;
  /** The candidate with this id, or null. */
  get(id: string): Promise<Candidate | null>;
  /** The company's candidate that came from this Meta lead, or null. */
  findByMetaLeadId(companyId: string, metaLeadId: string): Promise<Candidate | null>;
  /** Candidates per stage for one company, counted by the store (never by loading rows). */
  countByStage(companyId: string, filter?: FunnelFilter): Promise<StageCounts>;
}
