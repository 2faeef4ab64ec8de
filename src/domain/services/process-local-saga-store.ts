import { ConflictError, NotFoundError } from '../errors.js';
import { type SagaRecord, type SagaStore, UNFINISHED_SAGA_STATUSES } from '../ports/saga-store.js';

/**
 * The saga store a use case falls back to when it is given none: a Map in this process.
 * Steps and compensations still run in order and in reverse, but progress dies with the
 * process, so a crash cannot be resumed — give the use case a durable store (the container
 * binds `KyselySagaStore`) wherever that matters. Records are copied in and out.
 *
 * @example
 * ```ts
 * const sagas = new SagaOrchestrator(options.sagaStore ?? new ProcessLocalSagaStore());
 * ```
 */
export class ProcessLocalSagaStore implements SagaStore {
  private readonly records = new Map<string, SagaRecord>();

  async create(record: SagaRecord): Promise<void> {
    if (this.records.has(record.id)) {
      throw new ConflictError(`Saga ${record.id} already exists`, {
        code: 'SAGA_ALREADY_EXISTS',
        context: { sagaId: record.id },
      });
    }
    this.records.set(record.id, copy(record));
  }

  async get(id: string): Promise<SagaRecord | null> {
    const record = this.records.get(id);
    return record ? copy(record) : null;
  }

  async save(record: SagaRecord): Promise<void> {
    if (!this.records.has(record.id)) throw new NotFoundError('Saga', record.id);
    this.records.set(record.id, copy(record));
  }

  async listUnfinished(limit: number): Promise<SagaRecord[]> {
    return [...this.records.values()]
      .filter((record) => UNFINISHED_SAGA_STATUSES.includes(record.status))
      .sort(
        (a, b) =>
          a.updatedAt.getTime() - b.updatedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      )
      .slice(0, Math.max(0, limit))
      .map(copy);
  }
}

function copy(record: SagaRecord): SagaRecord {
  return {
    ...record,
    input: JSON.parse(JSON.stringify(record.input)) as SagaRecord['input'],
    completedSteps: [...record.completedSteps],
    compensatedSteps: [...record.compensatedSteps],
    failedCompensations: record.failedCompensations.map((failure) => ({ ...failure })),
    updatedAt: new Date(record.updatedAt.getTime()),
  };
}
