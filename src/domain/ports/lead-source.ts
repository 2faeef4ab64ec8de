import type { LeadPage } from '../models/lead.js';

export interface FetchLeadsRequest {
  readonly companyId: string;
  /** The lead form (or other source key) to read. */
  readonly sourceKey: string;
  /** Continue after this position; null for the beginning. */
  readonly cursor: string | null;
  /** Only leads created at or after this instant (used on the first page). */
  readonly since?: Date;
  readonly limit: number;
}

/**
 * Where leads come from (Meta lead ads in production). Pages are read in order; the cursor
 * of a page continues after it.
 *
 * @example
 * ```ts
 * const page = await source.fetchLeads({ companyId, sourceKey: formId, cursor: null, limit: 500 });
 * ```
 */
export interface LeadSource {
  fetchLeads(request: FetchLeadsRequest): Promise<LeadPage>;
}
