import type { IdempotencyClaim, IdempotencyStore } from '../../domain/ports/idempotency-store.js';
import type { InMemoryState } from './in-memory-store.js';

/**
 * An `IdempotencyStore` over a Map. In-memory units of work run one at a time, so a claim
 * never meets another unit of work's uncommitted claim: a key is either free, completed by a
 * committed run, or claimed without being completed (then it is claimed again).
 *
 * @example
 * ```ts
 * const { result, replayed } = await withIdempotency(new InMemoryUnitOfWork(), key, work);
 * ```
 */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  constructor(private readonly state: InMemoryState) {}

  async claim(key: string): Promise<IdempotencyClaim> {
    const record = this.state.idempotency.get(key);
    if (record?.state === 'completed') {
      return { state: 'completed', result: structuredClone(record.result) };
    }
    this.state.idempotency.set(key, { state: 'claimed' });
    return { state: 'new' };
  }

  async complete(key: string, result: unknown): Promise<void> {
    // Stored as JSON, like the SQL adapters' jsonb column.
    const json: unknown = result === undefined ? null : JSON.parse(JSON.stringify(result));
    this.state.idempotency.set(key, { state: 'completed', result: json });
  }
}
