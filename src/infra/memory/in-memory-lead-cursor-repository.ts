import { NotFoundError } from '../../domain/errors.js';
import type { LeadCursor } from '../../domain/models/lead.js';
import type { LeadCursorRepository } from '../../domain/ports/lead-cursor-repository.js';
import { compositeKey, type InMemoryState } from './in-memory-store.js';

/**
 * A `LeadCursorRepository` over a Map keyed by `(companyId, sourceKey)`; `save` upserts and,
 * like a foreign key, needs the company (`NotFoundError` otherwise).
 *
 * @example
 * ```ts
 * const cursor = await uow.run(({ leadCursors }) => leadCursors.get(companyId, formId));
 * ```
 */
export class InMemoryLeadCursorRepository implements LeadCursorRepository {
  constructor(private readonly state: InMemoryState) {}

  async get(companyId: string, sourceKey: string): Promise<LeadCursor | null> {
    const cursor = this.state.leadCursors.get(compositeKey(companyId, sourceKey));
    return cursor ? structuredClone(cursor) : null;
  }

  async save(cursor: LeadCursor): Promise<void> {
    if (!this.state.companies.has(cursor.companyId)) {
      throw new NotFoundError('Company', cursor.companyId);
    }
    this.state.leadCursors.set(
      compositeKey(cursor.companyId, cursor.sourceKey),
      structuredClone(cursor),
    );
  }
}
