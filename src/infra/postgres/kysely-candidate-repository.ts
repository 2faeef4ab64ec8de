import { type Kysely, sql } from 'kysely';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type { Candidate } from '../../domain/models/candidate.js';
import type { FunnelFilter, StageCounts } from '../../domain/models/funnel-buckets.js';
import type { CandidateRepository } from '../../domain/ports/candidate-repository.js';
import { publishBulkInsert } from './bulk-insert-mode.js';
import {
  COLUMNS,
  type Column,
  TYPES,
  toCandidate,
  toColumns,
  toRow,
  toValues,
} from './candidate-columns.js';
import { chunkRows } from './chunk-by-parameters.js';
import { copyMerge } from './copy-merge.js';
import type { BaltraDatabase } from './database-schema.js';
import { guardedInsert } from './guarded-insert.js';
import { isUuid } from './is-uuid.js';
import { TransactionScope } from './transaction-scope.js';
import { databaseErrorFacts } from './translate-database-error.js';
import { ROWS_PER_UNNEST_INSERT, unnestInsert } from './unnest-insert.js';

const META_LEAD_UNIQUE = 'candidates_company_meta_lead_unique';

/**
 * A `CandidateRepository` on PostgreSQL or PGlite through Kysely. Give it a `Kysely` (each call
 * autocommits) or, usually through {@link KyselyUnitOfWork}, a `Transaction`.
 *
 * - `add` is one `INSERT … SELECT … WHERE EXISTS (company) ON CONFLICT DO NOTHING`: a duplicate or
 *   a missing company costs a lookup to name it, never a savepoint, and leaves the transaction
 *   usable.
 * - `addNew` de-duplicates the batch, then on node-postgres in a transaction (with the optional
 *   peer `pg-copy-streams`; see `BulkInsertMode`) `COPY`s it into a temporary staging table and
 *   merges it with one `INSERT … SELECT … ON CONFLICT (company_id, meta_lead_id) DO NOTHING
 *   RETURNING id`; elsewhere (PGlite) it is one `INSERT … SELECT * FROM unnest($1::uuid[], …)`
 *   of the same shape per 10,000 rows (one array parameter per column). One savepoint per call
 *   (not per row) keeps a failure from poisoning the transaction.
 * - `update` is `UPDATE … WHERE id = $1 AND version = $2` (version + 1); no row means a lookup:
 *   missing → `NotFoundError`, else `ConflictError` with `{ expected, actual }` versions.
 * - `countByStage` is one `SELECT stage, count(*) … GROUP BY stage`, an index-only scan of
 *   `(company_id, stage)`, or of `(company_id, created_at) INCLUDE (stage)` for a period.
 *
 * @example
 * ```ts
 * const inserted = await uow.run(({ candidates }) => candidates.addNew(batch));
 * const counts = await new KyselyCandidateRepository(db).countByStage(companyId, {
 *   createdFrom: new Date('2026-01-01'),
 * });
 * ```
 */
export class KyselyCandidateRepository implements CandidateRepository {
  private readonly scope: TransactionScope;

  constructor(db: Kysely<BaltraDatabase>) {
    this.scope = TransactionScope.of(db);
  }

  async add(candidate: Candidate): Promise<void> {
    await this.scope.run('add candidate', async (db: Kysely<BaltraDatabase>) => {
      const written = await guardedInsert(db, {
        table: 'candidates',
        values: toRow(candidate),
        types: TYPES,
        parent: { table: 'companies', id: candidate.companyId },
      });
      if (!written) throw await explainRejectedInsert(db, candidate);
    });
  }

  async addNew(candidates: readonly Candidate[]): Promise<Candidate[]> {
    const fresh = dedupeByMetaLead(candidates);
    if (fresh.length === 0) return [];
    const chunks = chunkRows(fresh, ROWS_PER_UNNEST_INSERT);
    const inserted = await this.scope.atomic(
      'add new candidates',
      async (db: Kysely<BaltraDatabase>) => {
        const ids = new Set<string>();
        const copied = await copyMerge<{ id: string }, Candidate, Column, BaltraDatabase>(db, {
          table: 'candidates',
          types: TYPES,
          items: fresh,
          values: toValues,
          suffix: sql`on conflict (company_id, meta_lead_id) do nothing returning id`,
          subject: 'candidate batch',
        });
        if (copied) {
          for (const row of copied.rows) ids.add(row.id);
          return ids;
        }
        publishBulkInsert({ table: 'candidates', strategy: 'unnest', rows: fresh.length });
        for (const chunk of chunks) {
          const { rows } = await unnestInsert<{ id: string }, Column, BaltraDatabase>(db, {
            table: 'candidates',
            types: TYPES,
            columns: toColumns(chunk),
            suffix: sql`on conflict (company_id, meta_lead_id) do nothing returning id`,
          });
          for (const row of rows) ids.add(row.id);
        }
        return ids;
      },
      (error) => translateBatchError(error, fresh),
      chunks.length,
    );
    // PostgreSQL returns uuids in lower case; compare in that form, answer in the caller's.
    return fresh.filter((candidate) => inserted.has(candidate.id.toLowerCase()));
  }

  async update(candidate: Candidate): Promise<Candidate> {
    const { id } = candidate;
    if (!isUuid(id)) throw new NotFoundError('Candidate', id);
    return this.scope.run('update candidate', async (db: Kysely<BaltraDatabase>) => {
      const row = await db
        .updateTable('candidates')
        .set({
          name: candidate.name,
          phone: candidate.phone,
          email: candidate.email ?? null,
          vacancy_id: candidate.vacancyId ?? null,
          stage: candidate.stage,
          updated_at: candidate.updatedAt,
          version: sql<number>`version + 1`,
        })
        .where('id', '=', id)
        .where('version', '=', candidate.version)
        .returning(COLUMNS)
        .executeTakeFirst();
      if (row) return toCandidate(row);
      const stored = await db
        .selectFrom('candidates')
        .select('version')
        .where('id', '=', id)
        .executeTakeFirst();
      if (!stored) throw new NotFoundError('Candidate', id);
      throw new ConflictError(
        `candidate ${id} was changed concurrently: expected version ${candidate.version}, found ${stored.version}`,
        {
          context: {
            entity: 'Candidate',
            id,
            expected: candidate.version,
            actual: stored.version,
          },
        },
      );
    });
  }

  async get(id: string): Promise<Candidate | null> {
    if (!isUuid(id)) return null;
    return this.scope.run('get candidate', async (db: Kysely<BaltraDatabase>) => {
      const row = await db
        .selectFrom('candidates')
        .select(COLUMNS)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toCandidate(row) : null;
    });
  }

  async findByMetaLeadId(companyId: string, metaLeadId: string): Promise<Candidate | null> {
    if (!isUuid(companyId)) return null;
    return this.scope.run('find candidate by Meta lead id', async (db: Kysely<BaltraDatabase>) => {
      const row = await db
        .selectFrom('candidates')
        .select(COLUMNS)
        .where('company_id', '=', companyId)
        .where('meta_lead_id', '=', metaLeadId)
        .executeTakeFirst();
      return row ? toCandidate(row) : null;
    });
  }

  async countByStage(companyId: string, filter: FunnelFilter = {}): Promise<StageCounts> {
    if (!isUuid(companyId)) return {};
    if (filter.vacancyId !== undefined && !isUuid(filter.vacancyId)) return {};
    return this.scope.run('count candidates by stage', async (db: Kysely<BaltraDatabase>) => {
      let query = db
        .selectFrom('candidates')
        .select((eb) => ['stage', eb.fn.countAll().as('count')])
        .where('company_id', '=', companyId);
      if (filter.vacancyId !== undefined) {
        query = query.where('vacancy_id', '=', filter.vacancyId);
      }
      if (filter.source !== undefined) query = query.where('source', '=', filter.source);
      if (filter.createdFrom !== undefined) {
        query = query.where('created_at', '>=', filter.createdFrom);
      }
      if (filter.createdTo !== undefined) {
        query = query.where('created_at', '<', filter.createdTo);
      }
      const rows = await query.groupBy('stage').execute();
      const counts: StageCounts = {};
      // pg returns bigint counts as strings, PGlite as numbers.
      for (const row of rows) counts[row.stage] = Number(row.count);
      return counts;
    });
  }
}

/** Keeps the first candidate of each `(companyId, metaLeadId)`; those without a lead id all stay. */
function dedupeByMetaLead(candidates: readonly Candidate[]): Candidate[] {
  const seen = new Set<string>();
  const fresh: Candidate[] = [];
  for (const candidate of candidates) {
    if (candidate.metaLeadId !== undefined) {
      const key = `${candidate.companyId.toLowerCase()} ${candidate.metaLeadId}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    fresh.push(candidate);
  }
  return fresh;
}

/** Why `add` wrote nothing: one lookup, checked in the order the in-memory adapter checks. */
async function explainRejectedInsert(
  db: Kysely<BaltraDatabase>,
  candidate: Candidate,
): Promise<Error> {
  const facts = await db
    .selectNoFrom((eb) => [
      eb
        .exists(eb.selectFrom('candidates').select('id').where('id', '=', candidate.id))
        .as('id_taken'),
      eb
        .exists(eb.selectFrom('companies').select('id').where('id', '=', candidate.companyId))
        .as('company_exists'),
      eb
        .exists(
          eb
            .selectFrom('candidates')
            .select('id')
            .where('company_id', '=', candidate.companyId)
            .where('meta_lead_id', '=', candidate.metaLeadId ?? null),
        )
        .as('lead_taken'),
    ])
    .executeTakeFirstOrThrow();
  if (facts.id_taken) {
    return new ConflictError(`candidate ${candidate.id} already exists`, {
      context: { entity: 'Candidate', id: candidate.id, constraint: 'candidates_pkey' },
    });
  }
  if (!facts.company_exists) {
    return new NotFoundError('Company', candidate.companyId, {
      context: { constraint: 'candidates_company_fk' },
    });
  }
  if (facts.lead_taken) return metaLeadConflict(candidate.companyId, candidate.metaLeadId);
  // The conflicting row vanished between the insert and the lookup.
  return new ConflictError(`candidate ${candidate.id} conflicted with a concurrent change`, {
    context: { entity: 'Candidate', id: candidate.id },
  });
}

function metaLeadConflict(companyId: string, metaLeadId: string | undefined): ConflictError {
  return new ConflictError(
    `company ${companyId} already has a candidate for Meta lead ${metaLeadId}`,
    { context: { entity: 'Candidate', constraint: META_LEAD_UNIQUE } },
  );
}

function translateBatchError(error: unknown, batch: readonly Candidate[]): Error | undefined {
  const facts = databaseErrorFacts(error);
  if (facts.sqlState === '23505') {
    return new ConflictError('a candidate of the batch already exists (duplicate id)', {
      cause: error,
      context: { entity: 'Candidate', constraint: facts.constraint },
    });
  }
  if (facts.sqlState === '23503') {
    const companies = new Set(batch.map((c) => c.companyId));
    const [only] = companies;
    const id = companies.size === 1 && only !== undefined ? only : missingKey(error);
    return new NotFoundError('Company', id, {
      cause: error,
      context: { constraint: facts.constraint },
    });
  }
  return undefined;
}

/** The key of a foreign-key violation, from PostgreSQL's `Key (company_id)=(…) is not present`. */
function missingKey(error: unknown): string {
  const detail = (error as { detail?: unknown }).detail;
  const match = typeof detail === 'string' ? /\)=\(([^)]*)\)/.exec(detail) : null;
  return match?.[1] ?? '(unknown)';
}
