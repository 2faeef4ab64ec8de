import { ConflictError } from '../../domain/errors.js';
import type { DomainEvent, OutboxEntry } from '../../domain/models/domain-event.js';
import type { EventOutbox } from '../../domain/ports/event-outbox.js';
import { currentTraceparent } from '../../shared/telemetry/current-traceparent.js';
import type { InMemoryState } from './in-memory-store.js';

/**
 * An `EventOutbox` over a Map: each appended event gets the next `sequence` and the trace it
 * was appended in (`traceparent`, `tracestate`); entries stay pending until marked published. Events appended in a unit of work that rolls back vanish
 * with it.
 *
 * @example
 * ```ts
 * await uow.run(({ outbox }) => outbox.append([anEvent({ companyId })]));
 * const pending = await uow.run(({ outbox }) => outbox.pending(100));
 * ```
 */
export class InMemoryEventOutbox implements EventOutbox {
  constructor(private readonly state: InMemoryState) {}

  async append(events: readonly DomainEvent[]): Promise<void> {
    const ids = new Set<string>();
    for (const event of events) {
      if (this.state.outbox.has(event.id) || ids.has(event.id)) {
        throw new ConflictError(`event ${event.id} is already in the outbox`, {
          context: { entity: 'OutboxEntry', id: event.id },
        });
      }
      ids.add(event.id);
    }
    const trace = currentTraceparent();
    for (const event of events) {
      this.state.outboxSequence += 1;
      const entry: OutboxEntry = {
        ...structuredClone(event),
        sequence: this.state.outboxSequence,
        publishedAt: null,
        ...trace,
      };
      this.state.outbox.set(entry.id, entry);
    }
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    const pending: OutboxEntry[] = [];
    // Map order is append order, which is sequence order.
    for (const entry of this.state.outbox.values()) {
      if (pending.length >= limit) break;
      if (entry.publishedAt === null) pending.push(structuredClone(entry));
    }
    return pending;
  }

  async markPublished(ids: readonly string[], at: Date): Promise<void> {
    for (const id of ids) {
      const entry = this.state.outbox.get(id);
      if (entry && entry.publishedAt === null) {
        this.state.outbox.set(id, { ...entry, publishedAt: new Date(at) });
      }
    }
  }
}
