import { type Kysely, sql } from 'kysely';
import { NotFoundError } from '../../domain/errors.js';
import type { QuarantinedLead, RawLead } from '../../domain/models/lead.js';
import type { QuarantineRepository } from '../../domain/ports/quarantine-repository.js';
import { chunkByParameters } from './chunk-by-parameters.js';
import type { BaltraDatabase, QuarantinedLeadRow, StoredRawLead } from './database-schema.js';
import { guardedInsert } from './guarded-insert.js';
import { isUuid } from './is-uuid.js';
import { TransactionScope } from './transaction-scope.js';
import { databaseErrorFacts } from './translate-database-error.js';

/** Caps a `limit` such as `Infinity` to what SQL accepts. */
const MAX_ROWS = 2_147_483_647;

const COLUMNS = [
  'id',
  'company_id',
  'meta_lead_id',
  'source_key',
  'reasons',
  'lead',
  'quarantined_at',
] as const;

const TYPES: Readonly<Record<(typeof COLUMNS)[number], string>> = {
  id: 'uuid',
  company_id: 'uuid',
  meta_lead_id: 'text',
  source_key: 'text',
  reasons: 'text[]',
  lead: 'jsonb',
  quarantined_at: 'timestamptz',
};

/**
 * A `QuarantineRepository` on PostgreSQL or PGlite. `add` inserts a page's rejects at once
 * (`ON CONFLICT DO NOTHING`: the first entry for a company's lead wins); the lead is kept as
 * `jsonb`, the reasons as `text[]`. An unknown company is a `NotFoundError`.
 *
 * @example
 * ```ts
 * const held = await new KyselyQuarantineRepository(db).list(companyId, 20);
 * ```
 */
export class KyselyQuarantineRepository implements QuarantineRepository {
  private readonly scope: TransactionScope;

  constructor(db: Kysely<BaltraDatabase>) {
    this.scope = TransactionScope.of(db);
  }

  async add(entries: readonly QuarantinedLead[]): Promise<void> {
    const [only] = entries;
    if (only === undefined) return;
    if (entries.length === 1) {
      await this.scope.run('quarantine lead', async (db: Kysely<BaltraDatabase>) => {
        if (await guardedInsert(db, toGuardedInsert(only))) return;
        const company = await db
          .selectFrom('companies')
          .select('id')
          .where('id', '=', only.companyId)
          .executeTakeFirst();
        // The company exists: the lead was quarantined before, and the first entry wins.
        if (!company) throw missingCompany(only.companyId);
      });
      return;
    }
    const chunks = chunkByParameters(entries.map(toRow), COLUMNS.length);
    await this.scope.atomic(
      'quarantine leads',
      async (db: Kysely<BaltraDatabase>) => {
        for (const chunk of chunks) {
          await db
            .insertInto('quarantined_leads')
            .values(chunk)
            .onConflict((conflict) => conflict.doNothing())
            .execute();
        }
      },
      (error) => {
        if (databaseErrorFacts(error).sqlState !== '23503') return undefined;
        const companies = new Set(entries.map((e) => e.companyId));
        const [first] = companies;
        return missingCompany(
          companies.size === 1 && first ? first : '(of a lead in the batch)',
          error,
        );
      },
      chunks.length,
    );
  }

  async count(companyId: string): Promise<number> {
    if (!isUuid(companyId)) return 0;
    return this.scope.run('count quarantined leads', async (db: Kysely<BaltraDatabase>) => {
      const row = await db
        .selectFrom('quarantined_leads')
        .select((eb) => eb.fn.countAll().as('count'))
        .where('company_id', '=', companyId)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    });
  }

  async list(companyId: string, limit: number): Promise<QuarantinedLead[]> {
    if (!isUuid(companyId) || !(limit >= 1)) return [];
    return this.scope.run('list quarantined leads', async (db: Kysely<BaltraDatabase>) => {
      const rows = await db
        .selectFrom('quarantined_leads')
        .select(COLUMNS)
        .where('company_id', '=', companyId)
        .orderBy('quarantined_at', 'desc')
        .orderBy('sequence', 'desc')
        .limit(Math.min(Math.floor(limit), MAX_ROWS))
        .execute();
      return rows.map(toEntry);
    });
  }
}

function missingCompany(companyId: string, cause?: unknown): NotFoundError {
  return new NotFoundError('Company', companyId, {
    ...(cause === undefined ? {} : { cause }),
    context: { constraint: 'quarantined_leads_company_fk' },
  });
}

function toRow(entry: QuarantinedLead) {
  return {
    id: entry.id,
    company_id: entry.companyId,
    meta_lead_id: entry.metaLeadId,
    source_key: entry.sourceKey,
    reasons: [...entry.reasons],
    lead: JSON.stringify(toStoredLead(entry.lead)),
    quarantined_at: entry.quarantinedAt,
  };
}

function toGuardedInsert(entry: QuarantinedLead) {
  return {
    table: 'quarantined_leads',
    values: toRow(entry),
    types: TYPES,
    parent: { table: 'companies', id: entry.companyId },
    onConflict: sql`on conflict do nothing`,
  };
}

function toStoredLead(lead: RawLead): StoredRawLead {
  return {
    id: lead.id,
    formId: lead.formId,
    createdTime: lead.createdTime.toISOString(),
    ...(lead.adId === undefined ? {} : { adId: lead.adId }),
    ...(lead.campaignId === undefined ? {} : { campaignId: lead.campaignId }),
    fieldData: lead.fieldData.map((field) => ({ name: field.name, values: [...field.values] })),
  };
}

function toEntry(row: Omit<QuarantinedLeadRow, 'sequence'>): QuarantinedLead {
  const lead = row.lead;
  return {
    id: row.id,
    companyId: row.company_id,
    metaLeadId: row.meta_lead_id,
    sourceKey: row.source_key,
    reasons: row.reasons,
    lead: {
      id: lead.id,
      formId: lead.formId,
      createdTime: new Date(lead.createdTime),
      ...(lead.adId === undefined ? {} : { adId: lead.adId }),
      ...(lead.campaignId === undefined ? {} : { campaignId: lead.campaignId }),
      fieldData: lead.fieldData.map((field) => ({ name: field.name, values: field.values })),
    },
    quarantinedAt: row.quarantined_at,
  };
}
