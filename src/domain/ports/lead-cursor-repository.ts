import type { LeadCursor } from '../models/lead.js';

/**
 * Where lead ingestion has got to, per company and source key. Saved in the same unit of
 * work as the candidates of the page it moves past.
 *
 * @example
 * ```ts
 * const cursor = await uow.run(({ leadCursors }) => leadCursors.get(companyId, formId));
 * ```
 */
export interface LeadCursorRepository {
  get(companyId: string, sourceKey: string): Promise<LeadCursor | null>;
  /** Inserts or replaces the cursor of `(companyId, sourceKey)`. */
  save(cursor: LeadCursor): Promise<void>;
}
