import type { Kysely } from 'kysely';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type { Vacancy } from '../../domain/models/vacancy.js';
import type { VacancyRepository } from '../../domain/ports/vacancy-repository.js';
import type { BaltraDatabase, VacancyRow } from './database-schema.js';
import { guardedInsert } from './guarded-insert.js';
import { isUuid } from './is-uuid.js';
import { TransactionScope } from './transaction-scope.js';

const TYPES = {
  id: 'uuid',
  company_id: 'uuid',
  title: 'text',
  city: 'text',
  openings: 'integer',
  status: 'text',
  created_at: 'timestamptz',
} as const;

/**
 * A `VacancyRepository` on PostgreSQL or PGlite through Kysely. `add` cannot abort the
 * transaction: a duplicate id is a `ConflictError`, an unknown company a `NotFoundError`.
 *
 * @example
 * ```ts
 * await uow.run(({ vacancies }) => vacancies.add(aVacancy({ companyId })));
 * const vacancy = await new KyselyVacancyRepository(db).get(vacancyId);
 * ```
 */
export class KyselyVacancyRepository implements VacancyRepository {
  private readonly scope: TransactionScope;

  constructor(db: Kysely<BaltraDatabase>) {
    this.scope = TransactionScope.of(db);
  }

  async add(vacancy: Vacancy): Promise<void> {
    await this.scope.run('add vacancy', async (db: Kysely<BaltraDatabase>) => {
      const written = await guardedInsert(db, {
        table: 'vacancies',
        values: {
          id: vacancy.id,
          company_id: vacancy.companyId,
          title: vacancy.title,
          city: vacancy.city ?? null,
          openings: vacancy.openings,
          status: vacancy.status,
          created_at: vacancy.createdAt,
        },
        types: TYPES,
        parent: { table: 'companies', id: vacancy.companyId },
      });
      if (written) return;
      const taken = await db
        .selectFrom('vacancies')
        .select('id')
        .where('id', '=', vacancy.id)
        .executeTakeFirst();
      if (taken) {
        throw new ConflictError(`vacancy ${vacancy.id} already exists`, {
          context: { entity: 'Vacancy', id: vacancy.id, constraint: 'vacancies_pkey' },
        });
      }
      throw new NotFoundError('Company', vacancy.companyId, {
        context: { constraint: 'vacancies_company_fk' },
      });
    });
  }

  async get(id: string): Promise<Vacancy | null> {
    if (!isUuid(id)) return null;
    return this.scope.run('get vacancy', async (db: Kysely<BaltraDatabase>) => {
      const row = await db
        .selectFrom('vacancies')
        .select(['id', 'company_id', 'title', 'city', 'openings', 'status', 'created_at'])
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toVacancy(row) : null;
    });
  }
}

function toVacancy(row: VacancyRow): Vacancy {
  return {
    id: row.id,
    companyId: row.company_id,
    title: row.title,
    ...(row.city === null ? {} : { city: row.city }),
    openings: row.openings,
    status: row.status,
    createdAt: row.created_at,
  };
}
