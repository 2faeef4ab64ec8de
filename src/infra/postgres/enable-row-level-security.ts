import { type Kysely, sql } from 'kysely';
import { InfrastructureError } from '../../domain/errors.js';
import {
  COMPANY_POLICY_0009,
  COMPANY_SCOPED_TABLES_0009,
} from './migrations/0009-row-level-security.js';
import { useRowLevelSecurity } from './row-level-security-mode.js';
import { translateDatabaseError } from './translate-database-error.js';

/** The tables whose rows belong to one company, limited by row-level security. */
export const ROW_LEVEL_SECURITY_TABLES: readonly string[] = Object.freeze(
  Object.keys(COMPANY_SCOPED_TABLES_0009),
);

/**
 * Turns PostgreSQL row-level security on for every company-scoped table
 * ({@link ROW_LEVEL_SECURITY_TABLES}): `ENABLE` and `FORCE` (so the tables' owner is bound too),
 * in one transaction, so from then on a statement sees and writes only the rows of the company
 * in its transaction's `app.company_id`, and nothing without one. Needs migration 0009 (the
 * policies; otherwise `InfrastructureError` `ROW_LEVEL_SECURITY_POLICIES_MISSING` and nothing
 * changes) and the tables' owner or a superuser. Idempotent. Also makes the SDK's unit of work
 * and repositories on this `db` set `app.company_id` from the execution context's `companyId`.
 * Superusers and `BYPASSRLS` roles still see every row: give the application a role without
 * either (docs/guides/security.md). `migrateToLatest` calls it when
 * `BALTRA_POSTGRES_ROW_LEVEL_SECURITY=true`.
 *
 * @example
 * ```ts
 * await migrateToLatest(db);
 * await enableRowLevelSecurity(db);
 * await runWithContext({ companyId }, () =>
 *   new KyselyUnitOfWork(db).run(({ candidates }) => candidates.get(candidateId)), // null for another company's
 * );
 * ```
 */
export async function enableRowLevelSecurity<DB>(db: Kysely<DB>): Promise<void> {
  await alterTables(db, 'enable row level security', async (trx) => {
    const missing = await tablesWithoutPolicy(trx);
    if (missing.length > 0) {
      throw new InfrastructureError(
        `row-level security needs the policies of migration 0009, missing on: ${missing.join(', ')} (run migrateToLatest first)`,
        { code: 'ROW_LEVEL_SECURITY_POLICIES_MISSING', context: { tables: missing } },
      );
    }
    for (const table of ROW_LEVEL_SECURITY_TABLES) {
      await sql`alter table ${sql.table(table)} enable row level security`.execute(trx);
      await sql`alter table ${sql.table(table)} force row level security`.execute(trx);
    }
  });
  useRowLevelSecurity(db, true);
}

/**
 * Turns row-level security off again on the company-scoped tables (`NO FORCE`, `DISABLE`), the
 * rollback of {@link enableRowLevelSecurity}: every role sees every row again. The policies stay
 * (inert). Needs the tables' owner or a superuser. Idempotent. The SDK stops setting
 * `app.company_id` on this `db`.
 *
 * @example
 * ```ts
 * await disableRowLevelSecurity(db);
 * ```
 */
export async function disableRowLevelSecurity<DB>(db: Kysely<DB>): Promise<void> {
  await alterTables(db, 'disable row level security', async (trx) => {
    for (const table of ROW_LEVEL_SECURITY_TABLES) {
      await sql`alter table ${sql.table(table)} no force row level security`.execute(trx);
      await sql`alter table ${sql.table(table)} disable row level security`.execute(trx);
    }
  });
  useRowLevelSecurity(db, false);
}

/**
 * The company-scoped tables on which row-level security is enabled and forced; all of
 * {@link ROW_LEVEL_SECURITY_TABLES} once {@link enableRowLevelSecurity} has run, none by default.
 *
 * @example
 * ```ts
 * const on = (await rowLevelSecurityTables(db)).length === ROW_LEVEL_SECURITY_TABLES.length;
 * ```
 */
export async function rowLevelSecurityTables<DB>(db: Kysely<DB>): Promise<string[]> {
  try {
    const { rows } = await sql<{ name: string }>`
      select t.name from unnest(${[...ROW_LEVEL_SECURITY_TABLES]}::text[]) with ordinality as t(name, n)
      join pg_class c on c.oid = to_regclass(t.name)
      where c.relrowsecurity and c.relforcerowsecurity
      order by t.n`.execute(db);
    return rows.map((row) => row.name);
  } catch (error) {
    throw translateDatabaseError(error, 'read row-level security');
  }
}

async function tablesWithoutPolicy<DB>(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select t.name from unnest(${[...ROW_LEVEL_SECURITY_TABLES]}::text[]) with ordinality as t(name, n)
    where not exists (
      select 1 from pg_policy p where p.polrelid = to_regclass(t.name) and p.polname = ${COMPANY_POLICY_0009}
    )
    order by t.n`.execute(db);
  return rows.map((row) => row.name);
}

async function alterTables<DB>(
  db: Kysely<DB>,
  operation: string,
  work: (trx: Kysely<DB>) => Promise<void>,
): Promise<void> {
  try {
    await db.transaction().execute(work);
  } catch (error) {
    throw translateDatabaseError(error, operation);
  }
}
