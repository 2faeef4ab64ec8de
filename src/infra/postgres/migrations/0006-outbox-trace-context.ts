import type { Kysely, Migration } from 'kysely';

/**
 * Two nullable columns on `outbox`: `traceparent` and `tracestate`, the W3C trace an event
 * was appended in, so the relay's send continues that trace (issue #13). Rows written before
 * have none and are relayed as before. `down` drops both columns.
 *
 * @example
 * ```ts
 * const migrations = { '2026_12_07_0006_outbox_trace_context': outboxTraceContext };
 * ```
 */
export const outboxTraceContext: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('outbox')
      .addColumn('traceparent', 'text')
      .addColumn('tracestate', 'text')
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('outbox')
      .dropColumn('tracestate')
      .dropColumn('traceparent')
      .execute();
  },
};
