import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type { Candidate } from '../../domain/models/candidate.js';
import type { FunnelFilter, StageCounts } from '../../domain/models/funnel-buckets.js';
import type { CandidateRepository } from '../../domain/ports/candidate-repository.js';
import type { InMemoryState } from './in-memory-store.js';

/**
 * A `CandidateRepository` over a Map with the same rules as the SQL adapters (unique
 * `metaLeadId` per company, existing company required). Use it through
 * {@link InMemoryUnitOfWork} so writes honour rollback.
 *
 * @example
 * ```ts
 * const uow = new InMemoryUnitOfWork();
 * const counts = await uow.run(({ candidates }) => candidates.countByStage(companyId));
 * ```
 */
export class InMemoryCandidateRepository implements CandidateRepository {
  constructor(private readonly state: InMemoryState) {}

  async add(candidate: Candidate): Promise<void> {
    if (this.state.candidates.has(candidate.id)) {
      throw new ConflictError(`candidate ${candidate.id} already exists`, {
        context: { entity: 'Candidate', id: candidate.id },
      });
    }
    this.assertCompanyExists(candidate.companyId);
    this.assertMetaLeadIdFree(candidate);
    this.state.candidates.set(candidate.id, structuredClone(candidate));
  }

  async update(candidate: Candidate): Promise<void> {
    const stored = this.state.candidates.get(candidate.id);
    if (!stored) throw new NotFoundError('Candidate', candidate.id);
    this.assertCompanyExists(candidate.companyId);
    this.assertMetaLeadIdFree(candidate);
    this.state.candidates.set(
      candidate.id,
      structuredClone({ ...candidate, createdAt: stored.createdAt }),
    );
  }

  async get(id: string): Promise<Candidate | null> {
    const candidate = this.state.candidates.get(id);
    return candidate ? structuredClone(candidate) : null;
  }

  async findByMetaLeadId(companyId: string, metaLeadId: string): Promise<Candidate | null> {
    for (const candidate of this.state.candidates.values()) {
      if (candidate.companyId === companyId && candidate.metaLeadId === metaLeadId) {
        return structuredClone(candidate);
      }
    }
    return null;
  }

  async countByStage(companyId: string, filter: FunnelFilter = {}): Promise<StageCounts> {
    const counts: StageCounts = {};
    for (const c of this.state.candidates.values()) {
      if (c.companyId !== companyId) continue;
      if (filter.vacancyId !== undefined && c.vacancyId !== filter.vacancyId) continue;
      if (filter.source !== undefined && c.source !== filter.source) continue;
      if (filter.createdFrom !== undefined && c.createdAt < filter.createdFrom) continue;
      if (filter.createdTo !== undefined && c.createdAt >= filter.createdTo) continue;
      counts[c.stage] = (counts[c.stage] ?? 0) + 1;
    }
    return counts;
  }

  private assertCompanyExists(companyId: string): void {
    if (!this.state.companies.has(companyId)) throw new NotFoundError('Company', companyId);
  }

  private assertMetaLeadIdFree(candidate: Candidate): void {
    if (candidate.metaLeadId === undefined) return;
    for (const other of this.state.candidates.values()) {
      if (
        other.id !== candidate.id &&
        other.companyId === candidate.companyId &&
        other.metaLeadId === candidate.metaLeadId
      ) {
        throw new ConflictError(
          `company ${candidate.companyId} already has a candidate for Meta lead ${candidate.metaLeadId}`,
          { context: { entity: 'Candidate', constraint: 'candidates_company_meta_lead_unique' } },
        );
      }
    }
  }
}
