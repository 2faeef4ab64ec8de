import type { TenantRecord } from '../../domain/models/tenant-record.js';
import type { TenantDirectory } from '../../domain/ports/tenant-directory.js';

/** Options of {@link CachingTenantDirectory}. */
export interface CachingTenantDirectoryOptions {
  /** How long a tenant's record is used before it is read again; default 5 s. */
  readonly ttlMs?: number;
  /** How long "no such tenant" is believed; default 1 s (a tenant just added shows up soon). */
  readonly negativeTtlMs?: number;
  /** Tenants kept at most; the oldest entry goes first; default 10,000. */
  readonly maxEntries?: number;
  /** Milliseconds now; default `performance.now`. */
  readonly now?: () => number;
}

interface Entry {
  /** `null`: the directory does not know the tenant. */
  readonly record: TenantRecord | null;
  readonly until: number;
}

/**
 * A {@link TenantDirectory} that remembers the answers of another for a short time, so a
 * worker asks its database or Redis once per tenant every few seconds, not once per action.
 * A suspension or a tier change takes effect within `ttlMs`. `peek` answers from the cache
 * alone, synchronously (the worker's per-action path: one Map read, no promise); `lookup`
 * reads through, one read at a time per tenant however many ask at once. A failed read is not
 * remembered. Records are frozen: callers share them.
 *
 * @example
 * ```ts
 * const tenants = new CachingTenantDirectory(new KyselyTenantDirectory(db), { ttlMs: 2_000 });
 * const worker = new Worker({ queue, queues: ['leads'], handlers, tenants });
 * ```
 */
export class CachingTenantDirectory implements TenantDirectory {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<TenantRecord | undefined>>();
  private readonly ttlMs: number;
  private readonly negativeTtlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly inner: TenantDirectory,
    options: CachingTenantDirectoryOptions = {},
  ) {
    this.ttlMs = nonNegative('ttlMs', options.ttlMs ?? 5_000);
    this.negativeTtlMs = nonNegative('negativeTtlMs', options.negativeTtlMs ?? 1_000);
    this.maxEntries = nonNegative('maxEntries', options.maxEntries ?? 10_000);
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * The cached answer while it is fresh: the record, `null` for a tenant the directory does
   * not know, `undefined` when nothing fresh is cached (then call `lookup`).
   */
  peek(tenantId: string): TenantRecord | null | undefined {
    const entry = this.entries.get(tenantId);
    if (entry === undefined || entry.until <= this.now()) return undefined;
    return entry.record;
  }

  lookup(tenantId: string): Promise<TenantRecord | undefined> {
    const cached = this.peek(tenantId);
    if (cached !== undefined) return Promise.resolve(cached ?? undefined);
    let loading = this.loading.get(tenantId);
    if (loading === undefined) {
      loading = this.load(tenantId);
      this.loading.set(tenantId, loading);
    }
    return loading;
  }

  /** Forgets one tenant (after changing it in this process), or every tenant. */
  invalidate(tenantId?: string): void {
    if (tenantId === undefined) this.entries.clear();
    else this.entries.delete(tenantId);
  }

  private async load(tenantId: string): Promise<TenantRecord | undefined> {
    try {
      const found = await this.inner.lookup(tenantId);
      const record = found === undefined ? null : freeze(found);
      this.entries.delete(tenantId); // re-inserted last: the Map's order is the age order
      if (this.entries.size >= this.maxEntries) {
        const oldest = this.entries.keys().next();
        if (!oldest.done) this.entries.delete(oldest.value);
      }
      const ttl = record === null ? this.negativeTtlMs : this.ttlMs;
      if (this.maxEntries > 0) this.entries.set(tenantId, { record, until: this.now() + ttl });
      return record ?? undefined;
    } finally {
      this.loading.delete(tenantId);
    }
  }
}

function freeze(record: TenantRecord): TenantRecord {
  if (record.limits !== undefined) Object.freeze(record.limits);
  return Object.freeze(record);
}

function nonNegative(name: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`CachingTenantDirectory: ${name} must be a number ≥ 0, got ${value}`);
  }
  return value;
}
