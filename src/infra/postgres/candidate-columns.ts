import type { Candidate } from '../../domain/models/candidate.js';
import type { CandidateRow, NewCandidateRow } from './database-schema.js';

/** The columns of `candidates`, in the order of {@link toValues}. */
export const COLUMNS = [
  'id',
  'company_id',
  'vacancy_id',
  'name',
  'phone',
  'email',
  'source',
  'stage',
  'meta_lead_id',
  'campaign_id',
  'created_at',
  'updated_at',
  'version',
] as const;

export type Column = (typeof COLUMNS)[number];

/** Column → PostgreSQL type, for casts and the COPY staging table. */
export const TYPES: Readonly<Record<Column, string>> = {
  id: 'uuid',
  company_id: 'uuid',
  vacancy_id: 'uuid',
  name: 'text',
  phone: 'text',
  email: 'text',
  source: 'text',
  stage: 'text',
  meta_lead_id: 'text',
  campaign_id: 'text',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
  version: 'integer',
};

/** A candidate as a row of `candidates`. */
export function toRow(candidate: Candidate): NewCandidateRow & { id: string } {
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
    campaign_id: candidate.campaignId ?? null,
    created_at: candidate.createdAt,
    updated_at: candidate.updatedAt,
    version: candidate.version,
  };
}

/** One candidate's values in the order of {@link TYPES}, for {@link copyMerge}. */
export function toValues(c: Candidate): readonly unknown[] {
  return [
    c.id,
    c.companyId,
    c.vacancyId,
    c.name,
    c.phone,
    c.email,
    c.source,
    c.stage,
    c.metaLeadId,
    c.campaignId,
    c.createdAt,
    c.updatedAt,
    c.version,
  ];
}

/** The batch as one array per column, for {@link unnestInsert}. */
export function toColumns(batch: readonly Candidate[]): Record<Column, unknown[]> {
  const columns: Record<Column, unknown[]> = {
    id: [],
    company_id: [],
    vacancy_id: [],
    name: [],
    phone: [],
    email: [],
    source: [],
    stage: [],
    meta_lead_id: [],
    campaign_id: [],
    created_at: [],
    updated_at: [],
    version: [],
  };
  for (const candidate of batch) {
    columns.id.push(candidate.id);
    columns.company_id.push(candidate.companyId);
    columns.vacancy_id.push(candidate.vacancyId ?? null);
    columns.name.push(candidate.name);
    columns.phone.push(candidate.phone);
    columns.email.push(candidate.email ?? null);
    columns.source.push(candidate.source);
    columns.stage.push(candidate.stage);
    columns.meta_lead_id.push(candidate.metaLeadId ?? null);
    columns.campaign_id.push(candidate.campaignId ?? null);
    columns.created_at.push(candidate.createdAt);
    columns.updated_at.push(candidate.updatedAt);
    columns.version.push(candidate.version);
  }
  return columns;
}

/** A row of `candidates` as a candidate. */
export function toCandidate(row: CandidateRow): Candidate {
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
    ...(row.campaign_id === null ? {} : { campaignId: row.campaign_id }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}
