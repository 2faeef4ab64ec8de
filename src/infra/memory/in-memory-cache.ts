import { InvalidCacheOptionError } from '../../shared/caching/invalid-cache-option-error.js';
import { JsonCache, type JsonCacheOptions } from '../../shared/caching/json-cache.js';

const DEFAULT_MAX_ENTRIES = 10_000;

/** Options of {@link InMemoryCache}. */
export interface InMemoryCacheOptions extends JsonCacheOptions {
  /** How many entries it keeps at most; default 10,000. */
  readonly maxEntries?: number;
  /** The clock TTLs are measured on; default the system clock. */
  readonly clock?: { now(): Date };
}

interface Entry {
  readonly json: string;
  readonly expiresAtMs: number;
}

/**
 * A `Cache` for one process (tests, demos, a single service instance), over a `Map` of JSON
 * text: the same JSON rules, single flight and hit/miss counters as `RedisCache`. TTLs run on
 * the injectable `clock`. Bounded: it holds at most `maxEntries`; a write that would go past
 * the bound evicts the least recently used entry (reads and writes count as use). An expired
 * entry is dropped when it is next read, or evicted in its turn.
 *
 * @example
 * ```ts
 * const cache = new InMemoryCache({ namespace: 'vacancies', maxEntries: 1_000 });
 * const open = await cache.getOrCompute(`open:${companyId}`, () => loadOpen(companyId), { ttlMs: 30_000 });
 * ```
 */
export class InMemoryCache extends JsonCache {
  private readonly maxEntries: number;
  private readonly clock: { now(): Date };
  // Map order is recency order: a used entry is deleted and set again, the first is the LRU.
  private readonly entries = new Map<string, Entry>();

  constructor(options: InMemoryCacheOptions = {}) {
    super(options);
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    if (!Number.isSafeInteger(this.maxEntries) || this.maxEntries < 1) {
      throw new InvalidCacheOptionError('maxEntries', options.maxEntries, 'a whole number ≥ 1');
    }
    this.clock = options.clock ?? { now: () => new Date() };
  }

  /** How many entries it holds, expired ones not yet dropped included. */
  get size(): number {
    return this.entries.size;
  }

  protected async readEntry(key: string): Promise<string | undefined> {
    const entry = this.live(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.json;
  }

  protected async writeEntry(key: string, json: string, ttlMs: number): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { json, expiresAtMs: this.nowMs() + ttlMs });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }

  async delete(key: string): Promise<boolean> {
    const live = this.live(key) !== undefined;
    this.entries.delete(key);
    return live;
  }

  async deleteByPrefix(prefix: string): Promise<number> {
    let deleted = 0;
    for (const key of [...this.entries.keys()]) {
      if (key.startsWith(prefix) && (await this.delete(key))) deleted += 1;
    }
    return deleted;
  }

  /** The entry under `key` unless it expired (an expired one is dropped). */
  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.expiresAtMs > this.nowMs()) return entry;
    this.entries.delete(key);
    return undefined;
  }

  private nowMs(): number {
    return this.clock.now().getTime();
  }
}
