import type { ColumnType, Kysely } from 'kysely';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type {
  FailedCompensation,
  SagaJson,
  SagaRecord,
  SagaStatus,
  SagaStore,
} from '../../domain/ports/saga-store.js';
import type { BaltraDatabase } from './database-schema.js';
import { translateDatabaseError } from './translate-database-error.js';

/** `jsonb`: read parsed, written as JSON text (`pg` would turn an array into a PG array). */
type Json<T> = ColumnType<T, string, string>;

/** The `sagas` table of migration 0003. */
interface SagasTable {
  id: ColumnType<string, string, never>;
  type: string;
  status: SagaStatus;
  input: Json<SagaJson>;
  completed_steps: Json<string[]>;
  compensated_steps: Json<string[]>;
  failed_compensations: Json<FailedCompensation[]>;
  error: string | null;
  updated_at: Date;
}

type SagaDatabase = BaltraDatabase & { sagas: SagasTable };

/**
 * A `SagaStore` on PostgreSQL or PGlite (table `sagas`, migration 0003). Give it the root
 * `Kysely`, not a transaction: each write autocommits, so saga progress survives the rollback
 * of any business transaction a step ran. `listUnfinished` is served by a partial index.
 *
 * @example
 * ```ts
 * const sagas = new SagaOrchestrator(new KyselySagaStore(db));
 * await sagas.resumeAll([onboardingSaga]);
 * ```
 */
export class KyselySagaStore implements SagaStore {
  private readonly db: Kysely<SagaDatabase>;

  constructor(db: Kysely<BaltraDatabase>) {
    this.db = db.withTables<{ sagas: SagasTable }>();
  }

  async create(record: SagaRecord): Promise<void> {
    const inserted = await this.guard('create saga', () =>
      this.db
        .insertInto('sagas')
        .values({ id: record.id, ...toRow(record) })
        .onConflict((conflict) => conflict.column('id').doNothing())
        .returning('id')
        .executeTakeFirst(),
    );
    if (!inserted) {
      throw new ConflictError(`Saga ${record.id} already exists`, {
        code: 'SAGA_ALREADY_EXISTS',
        context: { sagaId: record.id },
      });
    }
  }

  async get(id: string): Promise<SagaRecord | null> {
    const row = await this.guard('get saga', () =>
      this.db.selectFrom('sagas').selectAll().where('id', '=', id).executeTakeFirst(),
    );
    return row ? toRecord(row) : null;
  }

  async save(record: SagaRecord): Promise<void> {
    const updated = await this.guard('save saga', () =>
      this.db
        .updateTable('sagas')
        .set(toRow(record))
        .where('id', '=', record.id)
        .returning('id')
        .executeTakeFirst(),
    );
    if (!updated) throw new NotFoundError('Saga', record.id);
  }

  async listUnfinished(limit: number): Promise<SagaRecord[]> {
    const rows = await this.guard('list unfinished sagas', () =>
      this.db
        .selectFrom('sagas')
        .selectAll()
        .where('status', 'in', ['running', 'compensating'])
        .orderBy('updated_at')
        .orderBy('id')
        .limit(Math.max(0, Math.floor(limit)))
        .execute(),
    );
    return rows.map(toRecord);
  }

  private async guard<T>(operation: string, query: () => Promise<T>): Promise<T> {
    try {
      return await query();
    } catch (error) {
      throw translateDatabaseError(error, operation);
    }
  }
}

function toRow(record: SagaRecord) {
  return {
    type: record.type,
    status: record.status,
    input: JSON.stringify(record.input),
    completed_steps: JSON.stringify(record.completedSteps),
    compensated_steps: JSON.stringify(record.compensatedSteps),
    failed_compensations: JSON.stringify(record.failedCompensations),
    error: record.error ?? null,
    updated_at: record.updatedAt,
  };
}

function toRecord(row: {
  id: string;
  type: string;
  status: SagaStatus;
  input: SagaJson;
  completed_steps: string[];
  compensated_steps: string[];
  failed_compensations: FailedCompensation[];
  error: string | null;
  updated_at: Date;
}): SagaRecord {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    input: row.input,
    completedSteps: row.completed_steps,
    compensatedSteps: row.compensated_steps,
    failedCompensations: row.failed_compensations,
    ...(row.error === null ? {} : { error: row.error }),
    updatedAt: row.updated_at,
  };
}
