import type { Kysely } from 'kysely';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type { Candidate } from '../../domain/models/candidate.js';
import type { FunnelFilter, StageCounts } from '../../domain/models/funnel-buckets.js';
import type { CandidateRepository } from '../../domain/ports/candidate-repository.js';
import type { BaltraDatabase, CandidateRow, NewCandidateRow } from './database-schema.js';
import { guardedWrite } from './guarded-write.js';
import { isUuid } from './is-uuid.js';
import { databaseErrorFacts, translateDatabaseError } from './translate-database-error.js';

const META_LEAD_UNIQUE = 'candidates_company_meta_lead_unique';

const COLUMNS = [
  'id',
  'company_id',
  'vacancy_id',
  'name',
  'phone',
  'email',
  'source',
  'stage',
  'meta_lead_id',
  'created_at',
  'updated_at',
] as const;

/**
 * A `CandidateRepository` on PostgreSQL or PGlite through Kysely. Give it a `Kysely` (each call
 * autocommits) or, usually through {@link KyselyUnitOfWork}, a `Transaction`. A failed write
 * (a conflict, a missing company) leaves the transaction usable. `countByStage` is one
 * `SELECT stage, count(*) … GROUP BY stage`, served by the `(company_id, stage)` index.
 *
 * @example
 * ```ts
 * const counts = await new KyselyCandidateRepository(db).countByStage(companyId, {
 *   source: 'meta_lead_ad',
 *   createdFrom: new Date('2026-01-01'),
 * });
 * ```
 */
export class KyselyCandidateRepository implements CandidateRepository {
  constructor(private readonly db: Kysely<BaltraDatabase>) {}

  async add(candidate: Candidate): Promise<void> {
    await guardedWrite(
      this.db,
      'add candidate',
      (db) => db.insertInto('candidates').values(toRow(candidate)).execute(),
      (error) => translateWriteError(error, candidate),
    );
  }

  async update(candidate: Candidate): Promise<void> {
    const { id, created_at: _createdAt, ...changes } = toRow(candidate);
    if (!isUuid(id)) throw new NotFoundError('Candidate', id);
    await guardedWrite(
      this.db,
      'update candidate',
      async (db) => {
        const result = await db
          .updateTable('candidates')
          .set(changes)
          .where('id', '=', id)
          .executeTakeFirst();
        if (result.numUpdatedRows === 0n) throw new NotFoundError('Candidate', id);
      },
      (error) => translateWriteError(error, candidate),
    );
  }

  async get(id: string): Promise<Candidate | null> {
    if (!isUuid(id)) return null;
    try {
      const row = await this.db
        .selectFrom('candidates')
        .select(COLUMNS)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toCandidate(row) : null;
    } catch (error) {
      throw translateDatabaseError(error, 'get candidate');
    }
  }

  async findByMetaLeadId(companyId: string, metaLeadId: string): Promise<Candidate | null> {
    if (!isUuid(companyId)) return null;
    try {
      const row = await this.db
        .selectFrom('candidates')
        .select(COLUMNS)
        .where('company_id', '=', companyId)
        .where('meta_lead_id', '=', metaLeadId)
        .executeTakeFirst();
      return row ? toCandidate(row) : null;
    } catch (error) {
      throw translateDatabaseError(error, 'find candidate by Meta lead id');
    }
  }

  async countByStage(companyId: string, filter: FunnelFilter = {}): Promise<StageCounts> {
    if (!isUuid(companyId)) return {};
    if (filter.vacancyId !== undefined && !isUuid(filter.vacancyId)) return {};
    let query = this.db
      .selectFrom('candidates')
      .select((eb) => ['stage', eb.fn.countAll().as('count')])
      .where('company_id', '=', companyId);
    if (filter.vacancyId !== undefined) query = query.where('vacancy_id', '=', filter.vacancyId);
    if (filter.source !== undefined) query = query.where('source', '=', filter.source);
    if (filter.createdFrom !== undefined) {
      query = query.where('created_at', '>=', filter.createdFrom);
    }
    if (filter.createdTo !== undefined) query = query.where('created_at', '<', filter.createdTo);
    try {
      const rows = await query.groupBy('stage').execute();
      const counts: StageCounts = {};
      // pg returns bigint counts as strings, PGlite as numbers.
      for (const row of rows) counts[row.stage] = Number(row.count);
      return counts;
    } catch (error) {
      throw translateDatabaseError(error, 'count candidates by stage');
    }
  }
}

function translateWriteError(error: unknown, candidate: Candidate): Error | undefined {
  const facts = databaseErrorFacts(error);
  if (facts.sqlState === '23505' && facts.constraint === META_LEAD_UNIQUE) {
    return new ConflictError(
      `company ${candidate.companyId} already has a candidate for Meta lead ${candidate.metaLeadId}`,
      { cause: error, context: { entity: 'Candidate', constraint: META_LEAD_UNIQUE } },
    );
  }
  if (facts.sqlState === '23505') {
    return new ConflictError(`candidate ${candidate.id} already exists`, {
      cause: error,
      context: { entity: 'Candidate', id: candidate.id, constraint: facts.constraint },
    });
  }
  if (facts.sqlState === '23503') {
    return new NotFoundError('Company', candidate.companyId, {
      cause: error,
      context: { constraint: facts.constraint },
    });
  }
  return undefined;
}

function toRow(candidate: Candidate): NewCandidateRow & { id: string } {
  return {
    id: candidate.id,
    company_id: candidate.companyId,
    vacancy_id: candidate.vacancyId ?? null,
    name: candidate.name,
    phone: candidate.phone,
    email: candidate.email ?? null,
    source: candidate.source,
    stage: candidate.stage,
    meta_lead_id: candidate.metaLeadId ?? null,
    created_at: candidate.createdAt,
    updated_at: candidate.updatedAt,
  };
}

function toCandidate(row: CandidateRow): Candidate {
  return {
    id: row.id,
    companyId: row.company_id,
    ...(row.vacancy_id === null ? {} : { vacancyId: row.vacancy_id }),
    name: row.name,
    phone: row.phone,
    ...(row.email === null ? {} : { email: row.email }),
    source: row.source,
    stage: row.stage,
    ...(row.meta_lead_id === null ? {} : { metaLeadId: row.meta_lead_id }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
