import type { QuarantinedLead } from '../models/lead.js';

/**
 * Leads that could not become candidates, with the reasons.
 *
 * @example
 * ```ts
 * const held = await uow.run(({ quarantine }) => quarantine.count(companyId));
 * ```
 */
export interface QuarantineRepository {
  /** Stores entries; a lead already quarantined for the company is kept once (first wins). */
  add(entries: readonly QuarantinedLead[]): Promise<void>;
  count(companyId: string): Promise<number>;
  /** Most recent first. */
  list(companyId: string, limit: number): Promise<QuarantinedLead[]>;
}
