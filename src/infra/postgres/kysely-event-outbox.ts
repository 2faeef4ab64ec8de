import { type Kysely, sql } from 'kysely';
import { ConflictError } from '../../domain/errors.js';
import type { DomainEvent, OutboxEntry } from '../../domain/models/domain-event.js';
import type { EventOutbox } from '../../domain/ports/event-outbox.js';
import {
  currentTraceparent,
  type StoredTraceContext,
} from '../../shared/telemetry/current-traceparent.js';
import { chunkRows } from './chunk-by-parameters.js';
import type { BaltraDatabase, OutboxRow } from './database-schema.js';
import { isUuid } from './is-uuid.js';
import { TransactionScope } from './transaction-scope.js';
import { databaseErrorFacts } from './translate-database-error.js';
import { ROWS_PER_UNNEST_INSERT, unnestInsert } from './unnest-insert.js';

/** Caps a `limit` such as `Infinity` to what SQL accepts. */
const MAX_ROWS = 2_147_483_647;

const COLUMNS = [
  'sequence',
  'id',
  'type',
  'aggregate_type',
  'aggregate_id',
  'company_id',
  'occurred_at',
  'payload',
  'published_at',
  'traceparent',
  'tracestate',
] as const;

/** The columns an append writes (`sequence` is generated, `published_at` starts null). */
const TYPES = {
  id: 'uuid',
  type: 'text',
  aggregate_type: 'text',
  aggregate_id: 'text',
  company_id: 'uuid',
  occurred_at: 'timestamptz',
  payload: 'jsonb',
  traceparent: 'text',
  tracestate: 'text',
} as const;
type AppendColumn = keyof typeof TYPES;

/**
 * The transactional outbox on PostgreSQL or PGlite. `append` writes in the unit of work of the
 * change it reports, with the trace it runs in (`traceparent`, `tracestate`: the relay's send
 * continues it) (one event needs no savepoint; a batch is one `INSERT … SELECT * FROM
 * unnest(…)` per 10,000 events under one savepoint per call); `pending` reads unpublished entries by `sequence` from a partial index
 * that holds only them; `markPublished` keeps the first publication time.
 *
 * `sequence` is an identity: it orders appends, but a transaction that commits later can hold a
 * smaller number than one already published. The relay never skips such entries (it reads every
 * unpublished one), so nothing is lost; only the order across concurrent transactions is loose.
 *
 * @example
 * ```ts
 * const batch = await uow.run(({ outbox }) => outbox.pending(100));
 * await publish(batch);
 * await uow.run(({ outbox }) => outbox.markPublished(batch.map((e) => e.id), new Date()));
 * ```
 */
export class KyselyEventOutbox implements EventOutbox {
  private readonly scope: TransactionScope;

  constructor(db: Kysely<BaltraDatabase>) {
    this.scope = TransactionScope.of(db);
  }

  async append(events: readonly DomainEvent[]): Promise<void> {
    const [only] = events;
    if (only === undefined) return;
    const trace = currentTraceparent();
    if (events.length === 1) {
      await this.scope.run('append event', async (db: Kysely<BaltraDatabase>) => {
        const written = await db
          .insertInto('outbox')
          .values(toRow(only, trace))
          .onConflict((conflict) => conflict.column('id').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!written) throw duplicateEvent(only.id);
      });
      return;
    }
    const chunks = chunkRows(events, ROWS_PER_UNNEST_INSERT);
    await this.scope.atomic(
      'append events',
      async (db: Kysely<BaltraDatabase>) => {
        for (const chunk of chunks) {
          await unnestInsert(db, {
            table: 'outbox',
            types: TYPES,
            columns: toColumns(chunk, trace),
          });
        }
      },
      (error) =>
        databaseErrorFacts(error).sqlState === '23505'
          ? duplicateEvent(undefined, error)
          : undefined,
      chunks.length,
    );
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    if (!(limit >= 1)) return [];
    return this.scope.run('read pending events', async (db: Kysely<BaltraDatabase>) => {
      const rows = await db
        .selectFrom('outbox')
        .select(COLUMNS)
        .where('published_at', 'is', null)
        .orderBy('sequence')
        .limit(Math.min(Math.floor(limit), MAX_ROWS))
        .execute();
      return rows.map(toEntry);
    });
  }

  async markPublished(ids: readonly string[], at: Date): Promise<void> {
    const known = ids.filter(isUuid);
    if (known.length === 0) return;
    await this.scope.run('mark events published', async (db: Kysely<BaltraDatabase>) => {
      // One array parameter, however many ids.
      await db
        .updateTable('outbox')
        .set({ published_at: at })
        .where(sql<boolean>`id = any(${known}::uuid[])`)
        .where('published_at', 'is', null)
        .execute();
    });
  }
}

function duplicateEvent(id: string | undefined, cause?: unknown): ConflictError {
  return new ConflictError(
    id === undefined
      ? 'an event of the batch is already in the outbox'
      : `event ${id} is already in the outbox`,
    {
      ...(cause === undefined ? {} : { cause }),
      context: { entity: 'OutboxEntry', ...(id === undefined ? {} : { id }) },
    },
  );
}

function toRow(event: DomainEvent, trace: StoredTraceContext | undefined) {
  return {
    traceparent: trace?.traceparent ?? null,
    tracestate: trace?.tracestate ?? null,
    id: event.id,
    type: event.type,
    aggregate_type: event.aggregateType,
    aggregate_id: event.aggregateId,
    company_id: event.companyId,
    occurred_at: event.occurredAt,
    payload: JSON.stringify(event.payload),
  };
}

/** The batch as one array per column, for {@link unnestInsert}. */
function toColumns(
  batch: readonly DomainEvent[],
  trace: StoredTraceContext | undefined,
): Record<AppendColumn, unknown[]> {
  const columns: Record<AppendColumn, unknown[]> = {
    traceparent: [],
    tracestate: [],
    id: [],
    type: [],
    aggregate_type: [],
    aggregate_id: [],
    company_id: [],
    occurred_at: [],
    payload: [],
  };
  for (const event of batch) {
    columns.id.push(event.id);
    columns.type.push(event.type);
    columns.aggregate_type.push(event.aggregateType);
    columns.aggregate_id.push(event.aggregateId);
    columns.company_id.push(event.companyId);
    columns.occurred_at.push(event.occurredAt);
    columns.payload.push(JSON.stringify(event.payload));
    columns.traceparent.push(trace?.traceparent ?? null);
    columns.tracestate.push(trace?.tracestate ?? null);
  }
  return columns;
}

function toEntry(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    type: row.type,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    companyId: row.company_id,
    occurredAt: row.occurred_at,
    payload: row.payload,
    sequence: Number(row.sequence),
    publishedAt: row.published_at,
    ...(row.traceparent === null ? {} : { traceparent: row.traceparent }),
    ...(row.tracestate === null ? {} : { tracestate: row.tracestate }),
  };
}
