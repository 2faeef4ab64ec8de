import { NotFoundError } from '../../domain/errors.js';
import type { QuarantinedLead } from '../../domain/models/lead.js';
import type { QuarantineRepository } from '../../domain/ports/quarantine-repository.js';
import { compositeKey, type InMemoryState } from './in-memory-store.js';

/**
 * A `QuarantineRepository` over a Map keyed by `(companyId, metaLeadId)`: the first entry of
 * a lead wins, later ones (in the same call or later calls) are ignored. Like a foreign key,
 * each entry needs its company (`NotFoundError` otherwise, and nothing of the call is stored).
 *
 * @example
 * ```ts
 * const held = await uow.run(({ quarantine }) => quarantine.list(companyId, 20));
 * ```
 */
export class InMemoryQuarantineRepository implements QuarantineRepository {
  constructor(private readonly state: InMemoryState) {}

  async add(entries: readonly QuarantinedLead[]): Promise<void> {
    for (const entry of entries) {
      if (!this.state.companies.has(entry.companyId)) {
        throw new NotFoundError('Company', entry.companyId);
      }
    }
    for (const entry of entries) {
      const key = compositeKey(entry.companyId, entry.metaLeadId);
      if (!this.state.quarantine.has(key)) this.state.quarantine.set(key, structuredClone(entry));
    }
  }

  async count(companyId: string): Promise<number> {
    let count = 0;
    for (const entry of this.state.quarantine.values()) {
      if (entry.companyId === companyId) count += 1;
    }
    return count;
  }

  async list(companyId: string, limit: number): Promise<QuarantinedLead[]> {
    return [...this.state.quarantine.values()]
      .filter((entry) => entry.companyId === companyId)
      .sort((a, b) => b.quarantinedAt.getTime() - a.quarantinedAt.getTime())
      .slice(0, Math.max(0, limit))
      .map((entry) => structuredClone(entry));
  }
}
