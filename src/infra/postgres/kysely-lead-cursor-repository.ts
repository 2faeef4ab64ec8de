import { type Kysely, sql } from 'kysely';
import { NotFoundError } from '../../domain/errors.js';
import type { LeadCursor } from '../../domain/models/lead.js';
import type { LeadCursorRepository } from '../../domain/ports/lead-cursor-repository.js';
import type { BaltraDatabase } from './database-schema.js';
import { guardedInsert } from './guarded-insert.js';
import { isUuid } from './is-uuid.js';
import { TransactionScope } from './transaction-scope.js';

/**
 * A `LeadCursorRepository` on PostgreSQL or PGlite. `save` is one upsert on
 * `(company_id, source_key)`; an unknown company is a `NotFoundError` that leaves the
 * transaction usable.
 *
 * @example
 * ```ts
 * await uow.run(async ({ candidates, leadCursors }) => {
 *   await candidates.addNew(page);
 *   await leadCursors.save({ companyId, sourceKey: formId, position: next, updatedAt: new Date() });
 * });
 * ```
 */
export class KyselyLeadCursorRepository implements LeadCursorRepository {
  private readonly scope: TransactionScope;

  constructor(db: Kysely<BaltraDatabase>) {
    this.scope = TransactionScope.of(db);
  }

  async get(companyId: string, sourceKey: string): Promise<LeadCursor | null> {
    if (!isUuid(companyId)) return null;
    return this.scope.run('get lead cursor', async (db: Kysely<BaltraDatabase>) => {
      const row = await db
        .selectFrom('lead_cursors')
        .select(['company_id', 'source_key', 'position', 'updated_at'])
        .where('company_id', '=', companyId)
        .where('source_key', '=', sourceKey)
        .executeTakeFirst();
      return row
        ? {
            companyId: row.company_id,
            sourceKey: row.source_key,
            position: row.position,
            updatedAt: row.updated_at,
          }
        : null;
    });
  }

  async save(cursor: LeadCursor): Promise<void> {
    await this.scope.run('save lead cursor', async (db: Kysely<BaltraDatabase>) => {
      const written = await guardedInsert(db, {
        table: 'lead_cursors',
        values: {
          company_id: cursor.companyId,
          source_key: cursor.sourceKey,
          position: cursor.position,
          updated_at: cursor.updatedAt,
        },
        types: {
          company_id: 'uuid',
          source_key: 'text',
          position: 'text',
          updated_at: 'timestamptz',
        },
        parent: { table: 'companies', id: cursor.companyId },
        onConflict: sql`on conflict (company_id, source_key) do update
          set position = excluded.position, updated_at = excluded.updated_at`,
      });
      if (!written) {
        throw new NotFoundError('Company', cursor.companyId, {
          context: { constraint: 'lead_cursors_company_fk' },
        });
      }
    });
  }
}
