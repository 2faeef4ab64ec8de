import type { DomainEvent, OutboxEntry } from '../models/domain-event.js';

/**
 * The transactional outbox: use cases append events in the same unit of work as their
 * changes; a relay reads pending entries after commit and marks them published.
 *
 * @example
 * ```ts
 * await uow.run(async ({ outbox }) => outbox.append([event]));
 * const batch = await uow.run(({ outbox }) => outbox.pending(100));
 * ```
 */
export interface EventOutbox {
  append(events: readonly DomainEvent[]): Promise<void>;
  /** Unpublished entries in append order (by `sequence`), at most `limit`. */
  pending(limit: number): Promise<OutboxEntry[]>;
  /** Marks entries published; unknown ids are ignored. */
  markPublished(ids: readonly string[], at: Date): Promise<void>;
}
