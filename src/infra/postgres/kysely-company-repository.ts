import type { Kysely } from 'kysely';
import { ConflictError } from '../../domain/errors.js';
import type { Company } from '../../domain/models/company.js';
import type { CompanyRepository } from '../../domain/ports/company-repository.js';
import type { BaltraDatabase, CompanyRow } from './database-schema.js';
import { guardedWrite } from './guarded-write.js';
import { isUuid } from './is-uuid.js';
import { databaseErrorFacts, translateDatabaseError } from './translate-database-error.js';

/**
 * A `CompanyRepository` on PostgreSQL or PGlite through Kysely. Give it a `Kysely` (each call
 * autocommits) or, usually through {@link KyselyUnitOfWork}, a `Transaction`.
 *
 * @example
 * ```ts
 * await db.transaction().execute((trx) => new KyselyCompanyRepository(trx).add(aCompany()));
 * ```
 */
export class KyselyCompanyRepository implements CompanyRepository {
  constructor(private readonly db: Kysely<BaltraDatabase>) {}

  async add(company: Company): Promise<void> {
    await guardedWrite(
      this.db,
      'add company',
      (db) =>
        db
          .insertInto('companies')
          .values({
            id: company.id,
            name: company.name,
            tier: company.tier,
            created_at: company.createdAt,
          })
          .execute(),
      (error) => {
        const facts = databaseErrorFacts(error);
        if (facts.sqlState !== '23505') return undefined;
        return new ConflictError(`company ${company.id} already exists`, {
          cause: error,
          context: { entity: 'Company', id: company.id, constraint: facts.constraint },
        });
      },
    );
  }

  async get(id: string): Promise<Company | null> {
    if (!isUuid(id)) return null;
    try {
      const row = await this.db
        .selectFrom('companies')
        .select(['id', 'name', 'tier', 'created_at'])
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toCompany(row) : null;
    } catch (error) {
      throw translateDatabaseError(error, 'get company');
    }
  }
}

function toCompany(row: CompanyRow): Company {
  return { id: row.id, name: row.name, tier: row.tier, createdAt: row.created_at };
}
