import type { Kysely } from 'kysely';
import { ConflictError } from '../../domain/errors.js';
import type { Company } from '../../domain/models/company.js';
import type { CompanyRepository } from '../../domain/ports/company-repository.js';
import type { BaltraDatabase, CompanyRow } from './database-schema.js';
import { isUuid } from './is-uuid.js';
import { TransactionScope } from './transaction-scope.js';

/**
 * A `CompanyRepository` on PostgreSQL or PGlite through Kysely. Give it a `Kysely` (each call
 * autocommits) or, usually through {@link KyselyUnitOfWork}, a `Transaction`. `add` is one
 * `INSERT … ON CONFLICT DO NOTHING`: a duplicate is a `ConflictError` that leaves the
 * transaction usable.
 *
 * @example
 * ```ts
 * await db.transaction().execute((trx) => new KyselyCompanyRepository(trx).add(aCompany()));
 * ```
 */
export class KyselyCompanyRepository implements CompanyRepository {
  private readonly scope: TransactionScope;

  constructor(db: Kysely<BaltraDatabase>) {
    this.scope = TransactionScope.of(db);
  }

  async add(company: Company): Promise<void> {
    await this.scope.run('add company', async (db: Kysely<BaltraDatabase>) => {
      const written = await db
        .insertInto('companies')
        .values({
          id: company.id,
          name: company.name,
          tier: company.tier,
          created_at: company.createdAt,
        })
        .onConflict((conflict) => conflict.doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!written) {
        throw new ConflictError(`company ${company.id} already exists`, {
          context: { entity: 'Company', id: company.id, constraint: 'companies_pkey' },
        });
      }
    });
  }

  async get(id: string): Promise<Company | null> {
    if (!isUuid(id)) return null;
    return this.scope.run('get company', async (db: Kysely<BaltraDatabase>) => {
      const row = await db
        .selectFrom('companies')
        .select(['id', 'name', 'tier', 'created_at'])
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toCompany(row) : null;
    });
  }
}

function toCompany(row: CompanyRow): Company {
  return { id: row.id, name: row.name, tier: row.tier, createdAt: row.created_at };
}
