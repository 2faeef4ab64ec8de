import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type { Candidate } from '../../domain/models/candidate.js';
import type { FunnelFilter, StageCounts } from '../../domain/models/funnel-buckets.js';
import type { CandidateRepository } from '../../domain/ports/candidate-repository.js';
import { compositeKey, type InMemoryState } from './in-memory-store.js';

/**
 * A `CandidateRepository` over a Map with the same rules as the SQL adapters (unique
 * `metaLeadId` per company, existing company required, optimistic versions). Use it through
 * {@link InMemoryUnitOfWork} so writes honour rollback. A failed call writes nothing.
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
    this.assertInsertable(candidate);
    if (
      candidate.metaLeadId !== undefined &&
      this.state.candidatesByMetaLead.has(metaKey(candidate))
    ) {
      throw metaLeadConflict(candidate);
    }
    this.insert(structuredClone(candidate));
  }

  async addNew(candidates: readonly Candidate[]): Promise<Candidate[]> {
    const batchKeys = new Set<string>();
    const ids = new Set<string>();
    const inserted: Candidate[] = [];
    for (const candidate of candidates) {
      if (candidate.metaLeadId !== undefined) {
        const key = metaKey(candidate);
        if (this.state.candidatesByMetaLead.has(key) || batchKeys.has(key)) continue;
        batchKeys.add(key);
      }
      this.assertInsertable(candidate);
      if (ids.has(candidate.id)) throw duplicateId(candidate.id);
      ids.add(candidate.id);
      inserted.push(structuredClone(candidate));
    }
    // Validated everything first: the batch is one statement, all or nothing.
    for (const candidate of inserted) this.insert(candidate);
    return inserted.map((candidate) => structuredClone(candidate));
  }

  async update(candidate: Candidate): Promise<Candidate> {
    const stored = this.state.candidates.get(candidate.id);
    if (!stored) throw new NotFoundError('Candidate', candidate.id);
    if (stored.version !== candidate.version) {
      throw new ConflictError(
        `candidate ${candidate.id} was changed by someone else (version ${stored.version}, expected ${candidate.version})`,
        {
          context: {
            entity: 'Candidate',
            id: candidate.id,
            expectedVersion: candidate.version,
            storedVersion: stored.version,
          },
        },
      );
    }
    const { vacancyId: _vacancyId, email: _email, ...immutable } = stored;
    const updated: Candidate = {
      ...immutable,
      ...(candidate.vacancyId === undefined ? {} : { vacancyId: candidate.vacancyId }),
      name: candidate.name,
      phone: candidate.phone,
      ...(candidate.email === undefined ? {} : { email: candidate.email }),
      stage: candidate.stage,
      updatedAt: candidate.updatedAt,
      version: stored.version + 1,
    };
    this.state.candidates.set(candidate.id, structuredClone(updated));
    return structuredClone(updated);
  }

  async get(id: string): Promise<Candidate | null> {
    const candidate = this.state.candidates.get(id);
    return candidate ? structuredClone(candidate) : null;
  }

  async findByMetaLeadId(companyId: string, metaLeadId: string): Promise<Candidate | null> {
    const id = this.state.candidatesByMetaLead.get(compositeKey(companyId, metaLeadId));
    return id === undefined ? null : this.get(id);
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

  private assertInsertable(candidate: Candidate): void {
    if (this.state.candidates.has(candidate.id)) throw duplicateId(candidate.id);
    if (!this.state.companies.has(candidate.companyId)) {
      throw new NotFoundError('Company', candidate.companyId);
    }
  }

  private insert(candidate: Candidate): void {
    this.state.candidates.set(candidate.id, candidate);
    if (candidate.metaLeadId !== undefined) {
      this.state.candidatesByMetaLead.set(metaKey(candidate), candidate.id);
    }
  }
}

function metaKey(candidate: Candidate): string {
  return compositeKey(candidate.companyId, candidate.metaLeadId ?? '');
}

function duplicateId(id: string): ConflictError {
  return new ConflictError(`candidate ${id} already exists`, {
    context: { entity: 'Candidate', id },
  });
}

function metaLeadConflict(candidate: Candidate): ConflictError {
  return new ConflictError(
    `company ${candidate.companyId} already has a candidate for Meta lead ${candidate.metaLeadId}`,
    { context: { entity: 'Candidate', constraint: 'candidates_company_meta_lead_unique' } },
  );
}
