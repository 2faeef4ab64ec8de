import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { CandidateSource } from '../../domain/models/candidate.js';
import type { CompanyTier } from '../../domain/models/company.js';
import type { DomainEvent, DomainEventType } from '../../domain/models/domain-event.js';
import type { FunnelStage } from '../../domain/models/funnel-stage.js';
import type { OnboardingStatus } from '../../domain/models/onboarding.js';
import type { TenantLimits, TenantStatus } from '../../domain/models/tenant-record.js';
import type { AttemptRunMode } from '../../domain/ports/action-attempt-store.js';

/** A `timestamptz` column with a database default: read as Date, optional on insert. */
export type TimestampWithDefault = ColumnType<Date, Date | undefined, Date>;

/**
 * A `jsonb` column: read as the parsed JSON value (both `pg` and PGlite parse it), written as
 * JSON text (`JSON.stringify`), because `pg` would turn a JS array into a PostgreSQL array.
 */
export type JsonColumn<T> = ColumnType<T, string, string>;

/** The `companies` table: one row per tenant. */
export interface CompaniesTable {
  id: ColumnType<string, string, never>;
  name: string;
  tier: CompanyTier;
  created_at: ColumnType<Date, Date | undefined, never>;
}

/**
 * The `candidates` table. `stage`, `source` and the tier of `companies` are guarded by CHECK
 * constraints; `(company_id, meta_lead_id)` is unique (`candidates_company_meta_lead_unique`);
 * `version` counts updates for optimistic concurrency.
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
  /** The ad campaign the candidate came from (migration 0007); null when not known. */
  campaign_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: TimestampWithDefault;
  version: ColumnType<number, number | undefined, number>;
}

/** The `vacancies` table. */
export interface VacanciesTable {
  id: ColumnType<string, string, never>;
  company_id: string;
  title: string;
  city: string | null;
  openings: number;
  status: 'open' | 'closed';
  created_at: ColumnType<Date, Date | undefined, never>;
}

/** The `stage_transitions` table: the funnel moves; `(company_id, request_id)` is unique. */
export interface StageTransitionsTable {
  id: ColumnType<string, string, never>;
  /** bigint identity: a string from `pg`, a bigint from PGlite. */
  sequence: ColumnType<string | bigint, never, never>;
  candidate_id: string;
  company_id: string;
  from_stage: FunnelStage | null;
  to_stage: FunnelStage;
  at: Date;
  actor: string;
  request_id: string | null;
}

/** The `outbox` table: domain events waiting for the relay, in `sequence` order. */
export interface OutboxTable {
  /** bigint identity: a string from `pg`, a bigint from PGlite. */
  sequence: ColumnType<string | bigint, never, never>;
  id: ColumnType<string, string, never>;
  type: DomainEventType;
  aggregate_type: DomainEvent['aggregateType'];
  aggregate_id: string;
  company_id: string;
  occurred_at: Date;
  payload: JsonColumn<Record<string, string | number | boolean | null>>;
  published_at: Date | null;
  /** The W3C trace the event was appended in (migration 0006); null outside any trace. */
  traceparent: string | null;
  tracestate: string | null;
}

/** The `lead_cursors` table, keyed by `(company_id, source_key)`. */
export interface LeadCursorsTable {
  company_id: string;
  source_key: string;
  position: string | null;
  updated_at: Date;
}

/** A lead as stored in `quarantined_leads.lead` (JSON: dates are ISO strings). */
export interface StoredRawLead {
  readonly id: string;
  readonly formId: string;
  readonly createdTime: string;
  readonly adId?: string;
  readonly campaignId?: string;
  readonly fieldData: { readonly name: string; readonly values: string[] }[];
}

/** The `quarantined_leads` table; `(company_id, meta_lead_id)` is unique (first wins). */
export interface QuarantinedLeadsTable {
  id: ColumnType<string, string, never>;
  /** bigint identity: a string from `pg`, a bigint from PGlite. */
  sequence: ColumnType<string | bigint, never, never>;
  company_id: string;
  meta_lead_id: string;
  source_key: string;
  reasons: ColumnType<string[], string[], string[]>;
  /** PII: the lead as received. */
  lead: JsonColumn<StoredRawLead>;
  quarantined_at: Date;
}

/** The `onboardings` table, one row per hired candidate. */
export interface OnboardingsTable {
  candidate_id: ColumnType<string, string, never>;
  company_id: string;
  status: OnboardingStatus;
  execution_name: string;
  execution_id: string;
  failure_reason: string | null;
  started_at: Date;
  finished_at: Date | null;
}

/** The `idempotency_keys` table: a claimed key, and its result once completed. */
export interface IdempotencyKeysTable {
  key: ColumnType<string, string, never>;
  /** JSON text on write; null until completed. */
  result: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: TimestampWithDefault;
  completed_at: Date | null;
}

/**
 * The `action_attempts` table of `KyselyActionAttemptStore`: the handler runs of one action,
 * keyed by its idempotency key. `open_run` is the mode of the run begun and not yet ended
 * (`'shared'` or `'alone'`), null when none is open.
 */
export interface ActionAttemptsTable {
  key: ColumnType<string, string, never>;
  failures: ColumnType<number, number | undefined, number>;
  interruptions: ColumnType<number, number | undefined, number>;
  crashes: ColumnType<number, number | undefined, number>;
  open_run: AttemptRunMode | null;
  updated_at: TimestampWithDefault;
}

/**
 * The `rate_limit_counters` table of `PostgresRateLimiter`: one row per tenant. Windows are
 * numbered from the Unix epoch: `minute_window` = floor(ms / 60 000), `day_window` =
 * floor(ms / 86 400 000) (UTC days).
 */
export interface RateLimitCountersTable {
  tenant_id: ColumnType<string, string, never>;
  minute_window: number;
  /** Slots granted in `minute_window`. */
  minute_count: number;
  /** Slots granted in the minute window before `minute_window`. */
  previous_minute_count: ColumnType<number, number | undefined, number>;
  day_window: number;
  /** Slots granted in `day_window`. */
  day_count: number;
  updated_at: Date;
}

/**
 * The `tenants` table of `KyselyTenantDirectory` (migration 0008): one row per tenant; `limits`
 * holds its own limits (`TenantLimits`), null when it has its tier's.
 */
export interface TenantsTable {
  tenant_id: ColumnType<string, string, never>;
  tier: CompanyTier;
  status: TenantStatus;
  limits: ColumnType<TenantLimits | null, string | null | undefined, string | null>;
  updated_at: TimestampWithDefault;
}

/**
 * The `baltra_lock_leases` table of `PostgresLeaseLockManager`: one row per held (or expired,
 * not yet taken over) lease. `fencing_token` comes from the sequence `baltra_lock_fencing_seq`;
 * `expires_at` is database time.
 */
export interface LockLeasesTable {
  name: ColumnType<string, string, never>;
  holder: string;
  token: string;
  fencing_token: ColumnType<string, string | bigint, string | bigint>;
  expires_at: Date;
  acquired_at: TimestampWithDefault;
}

/**
 * The tables of the SDK's PostgreSQL schema, as Kysely sees them. Adapters only; ports never
 * expose these rows.
 *
 * @example
 * ```ts
 * const db: Kysely<BaltraDatabase> = openPglite();
 * const rows = await db.selectFrom('companies').select(['id', 'name']).execute();
 * ```
 */
export interface BaltraDatabase {
  companies: CompaniesTable;
  candidates: CandidatesTable;
  vacancies: VacanciesTable;
  stage_transitions: StageTransitionsTable;
  outbox: OutboxTable;
  lead_cursors: LeadCursorsTable;
  quarantined_leads: QuarantinedLeadsTable;
  onboardings: OnboardingsTable;
  idempotency_keys: IdempotencyKeysTable;
  action_attempts: ActionAttemptsTable;
  rate_limit_counters: RateLimitCountersTable;
  baltra_lock_leases: LockLeasesTable;
  tenants: TenantsTable;
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
/** A row of `vacancies` as read. */
export type VacancyRow = Selectable<VacanciesTable>;
/** A row of `stage_transitions` as read. */
export type StageTransitionRow = Selectable<StageTransitionsTable>;
/** A row of `outbox` as read. */
export type OutboxRow = Selectable<OutboxTable>;
/** A row of `quarantined_leads` as read. */
export type QuarantinedLeadRow = Selectable<QuarantinedLeadsTable>;
/** A row of `onboardings` as read. */
export type OnboardingRow = Selectable<OnboardingsTable>;
