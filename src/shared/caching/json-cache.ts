import { getTelemetry } from '../telemetry/global-telemetry.js';
import { METRICS } from '../telemetry/metric-catalogue.js';
import { recordMetric } from '../telemetry/record-metric.js';
import type { Telemetry } from '../telemetry/telemetry.js';
import type { Cache, CacheSetOptions } from './cache.js';
import { encodeCacheValue } from './encode-cache-value.js';
import { InvalidCacheOptionError } from './invalid-cache-option-error.js';
import { SingleFlight } from './single-flight.js';

/** Options every {@link JsonCache} takes. */
export interface JsonCacheOptions {
  /**
   * The cache's name: the `cache` attribute of its hit and miss counters (and, on Redis, part
   * of every key). Default `default`. Keep it low-cardinality: one per kind of data.
   */
  readonly namespace?: string;
  /** Where hits and misses are counted; default the process-wide telemetry at each call. */
  readonly telemetry?: Telemetry;
}

/** What one `getOrCompute` flight found: the JSON, whether it was a hit, or its failure. */
interface Lookup {
  readonly json?: string;
  readonly hit?: boolean;
  readonly failure?: { readonly error: unknown };
}

/**
 * The part of every {@link Cache} adapter that does not depend on the store: the JSON rules
 * (`encodeCacheValue`), TTL checks, the single-flight `getOrCompute`, and the hit and miss
 * counters. An adapter extends it and implements the store: `readEntry`, `writeEntry`,
 * `delete` and `deleteByPrefix` on JSON text.
 *
 * @example
 * ```ts
 * class MapCache extends JsonCache {
 *   private readonly map = new Map<string, string>();
 *   protected async readEntry(key: string) { return this.map.get(key); }
 *   protected async writeEntry(key: string, json: string) { this.map.set(key, json); }
 *   async delete(key: string) { return this.map.delete(key); }
 *   async deleteByPrefix(prefix: string) { return 0; }
 * }
 * ```
 */
export abstract class JsonCache implements Cache {
  /** The cache's name (see {@link JsonCacheOptions.namespace}). */
  readonly namespace: string;
  private readonly telemetry: Telemetry | undefined;
  private readonly flights = new SingleFlight<Lookup>();

  protected constructor(options: JsonCacheOptions = {}) {
    this.namespace = options.namespace ?? 'default';
    this.telemetry = options.telemetry;
  }

  /** The JSON stored under `key`, or `undefined` when it is absent or expired. */
  protected abstract readEntry(key: string): Promise<string | undefined>;
  /** Stores `json` under `key` for `ttlMs`, replacing what was there. */
  protected abstract writeEntry(key: string, json: string, ttlMs: number): Promise<void>;
  abstract delete(key: string): Promise<boolean>;
  abstract deleteByPrefix(prefix: string): Promise<number>;

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const json = await this.readEntry(key);
    this.count(json !== undefined);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  async set(key: string, value: unknown, options: CacheSetOptions): Promise<void> {
    const ttlMs = checkTtl(options);
    await this.writeEntry(key, encodeCacheValue(value, key), ttlMs);
  }

  async getOrCompute<T>(
    key: string,
    compute: () => Promise<T>,
    options: CacheSetOptions,
  ): Promise<T> {
    const ttlMs = checkTtl(options);
    const lookup = await this.flights.run(key, () => this.lookUp(key, compute, ttlMs));
    if (lookup.hit !== undefined) this.count(lookup.hit);
    if (lookup.failure) throw lookup.failure.error;
    // Every caller parses its own copy: the same shape a later hit returns, never shared.
    return JSON.parse(lookup.json as string) as T;
  }

  private async lookUp<T>(key: string, compute: () => Promise<T>, ttlMs: number): Promise<Lookup> {
    let cached: string | undefined;
    try {
      cached = await this.readEntry(key);
    } catch (error) {
      return { failure: { error } };
    }
    if (cached !== undefined) return { json: cached, hit: true };
    try {
      const json = encodeCacheValue(await compute(), key);
      await this.writeEntry(key, json, ttlMs);
      return { json, hit: false };
    } catch (error) {
      return { hit: false, failure: { error } };
    }
  }

  private count(hit: boolean): void {
    recordMetric(
      this.telemetry ?? getTelemetry(),
      hit ? METRICS.cacheHitsTotal : METRICS.cacheMissesTotal,
      1,
      { cache: this.namespace },
    );
  }
}

function checkTtl(options: CacheSetOptions): number {
  const ttlMs = options?.ttlMs;
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw new InvalidCacheOptionError('ttlMs', ttlMs, 'a positive whole number of milliseconds');
  }
  return ttlMs;
}
