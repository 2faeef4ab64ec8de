import { ConflictError, NotFoundError } from '../../domain/errors.js';
import {
  type SagaRecord,
  type SagaStore,
  UNFINISHED_SAGA_STATUSES,
} from '../../domain/ports/saga-store.js';

/**
 * A `SagaStore` over a Map, for tests and single-process use. Records are copied in and out,
 * so a caller mutating what it got back never changes the stored state.
 *
 * @example
 * ```ts
 * const sagas = new SagaOrchestrator(new InMemorySagaStore());
 * ```
 */
export class InMemorySagaStore implements SagaStore {
  private readonly records = new Map<string, SagaRecord>();

  async create(record: SagaRecord): Promise<void> {
    if (this.records.has(record.id)) {
      throw new ConflictError(`Saga ${record.id} already exists`, {
        code: 'SAGA_ALREADY_EXISTS',
        context: { sagaId: record.id },
      });
    }
    this.records.set(record.id, structuredClone(record));
  }

  async get(id: string): Promise<SagaRecord | null> {
    const record = this.records.get(id);
    return record ? structuredClone(record) : null;
  }

  async save(record: SagaRecord): Promise<void> {
    if (!this.records.has(record.id)) throw new NotFoundError('Saga', record.id);
    this.records.set(record.id, structuredClone(record));
  }

  async listUnfinished(limit: number): Promise<SagaRecord[]> {
    return [...this.records.values()]
      .filter((record) => UNFINISHED_SAGA_STATUSES.includes(record.status))
      .sort(
        (a, b) =>
          a.updatedAt.getTime() - b.updatedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      )
      .slice(0, Math.max(0, limit))
      .map((record) => structuredClone(record));
  }
}
