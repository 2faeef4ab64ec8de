import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { CandidateSource } from '../../domain/models/candidate.js';
import type { CompanyTier } from '../../domain/models/company.js';
import type { FunnelStage } from '../../domain/models/funnel-stage.js';

/** A `timestamptz` column with a database default: read as Date, optional on insert. */
type TimestampWithDefault = ColumnType<Date, Date | undefined, Date>;

/** The `companies` table: one row per tenant. */
export interface CompaniesTable {
  id: ColumnType<string, string, never>;
  name: string;
  tier: CompanyTier;
  created_at: ColumnType<Date, Date | undefined, never>;
}

/**
 * The `candidates` table. `stage`, `source` and the tier of `companies` are guarded by CHECK
 * constraints; `(company_id, meta_lead_id)` is unique (`candidates_company_meta_lead_unique`).
 */
export interface CandidatesTable {
  id: ColumnType<string, string, never>;
  company_id: string;
  vacancy_id: string | null;
  name: string;
  /** PII. */
  phone: string;
  /** PII. */
  email: string | null;
  source: CandidateSource;
  stage: FunnelStage;
  meta_lead_id: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: TimestampWithDefault;
}

/**
 * The tables of the SDK's PostgreSQL schema, as Kysely sees them. Adapters only; ports never
 * expose these rows.
 *
 * @example
 * ```ts
 * const db: Kysely<BaltraDatabase> = await openPglite();
 * const rows = await db.selectFrom('companies').select(['id', 'name']).execute();
 * ```
 */
export interface BaltraDatabase {
  companies: CompaniesTable;
  candidates: CandidatesTable;
}

/** A row of `companies` as read. */
export type CompanyRow = Selectable<CompaniesTable>;
/** A row of `companies` as inserted. */
export type NewCompanyRow = Insertable<CompaniesTable>;
/** A row of `candidates` as read. */
export type CandidateRow = Selectable<CandidatesTable>;
/** A row of `candidates` as inserted. */
export type NewCandidateRow = Insertable<CandidatesTable>;
/** The columns of `candidates` an update may set. */
export type CandidateRowUpdate = Updateable<CandidatesTable>;
