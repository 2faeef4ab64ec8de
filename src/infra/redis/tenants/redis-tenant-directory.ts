import {
  parseTenantRecord,
  parseTenantStatus,
  type TenantRecord,
  type TenantStatus,
} from '../../../domain/models/tenant-record.js';
import type { TenantDirectoryAdmin } from '../../../domain/ports/tenant-directory.js';
import type { RedisClient } from '../redis-client.js';
import { RedisScript } from '../redis-script.js';
import { translateRedisError } from '../translate-redis-error.js';

/** Options of {@link RedisTenantDirectory}. */
export interface RedisTenantDirectoryOptions {
  /** Prefix of every key the SDK writes on this server; default `baltra:`. */
  readonly keyPrefix?: string;
}

const putTenant = new RedisScript('tenants/put-tenant.lua');
const setTenantStatus = new RedisScript('tenants/set-tenant-status.lua');

/**
 * A `TenantDirectory` on Redis: one hash per tenant, `{keyPrefix}tenant:{tenantId}`, with the
 * fields `tier`, `status` and `limits` (JSON, absent when the tenant has its tier's). `put`
 * replaces the hash in one script and `setStatus` changes only a tenant that exists (one
 * script each), so no reader sees half a record. A stored record that fails validation (edited
 * by hand) makes `lookup` fail with a `ValidationError` rather than guess.
 *
 * @example
 * ```ts
 * const tenants = new RedisTenantDirectory(await createRedisClient({ url }));
 * await tenants.put({ tenantId: 'acme', tier: 'free', status: 'active' });
 * ```
 */
export class RedisTenantDirectory implements TenantDirectoryAdmin {
  private readonly keyPrefix: string;

  constructor(
    private readonly redis: RedisClient,
    options: RedisTenantDirectoryOptions = {},
  ) {
    this.keyPrefix = `${options.keyPrefix ?? 'baltra:'}tenant:`;
  }

  async lookup(tenantId: string): Promise<TenantRecord | undefined> {
    const key = this.keyPrefix + tenantId;
    let fields: unknown;
    try {
      fields = await this.redis.call('HMGET', key, 'tier', 'status', 'limits');
    } catch (error) {
      throw translateRedisError(error, 'tenant HMGET', key);
    }
    const [tier, status, limits] = Array.isArray(fields) ? fields : [];
    if (tier === null || tier === undefined) return undefined;
    return parseTenantRecord({
      tenantId,
      tier,
      status,
      ...(typeof limits === 'string' && { limits: parseJson(limits) }),
    });
  }

  async put(record: TenantRecord): Promise<void> {
    const parsed = parseTenantRecord(record);
    const limits = parsed.limits === undefined ? '' : JSON.stringify(parsed.limits);
    await putTenant.run(
      this.redis,
      [this.keyPrefix + parsed.tenantId],
      [parsed.tier, parsed.status, limits],
    );
  }

  async setStatus(tenantId: string, status: TenantStatus): Promise<boolean> {
    const checked = parseTenantStatus(status);
    return (await setTenantStatus.run(this.redis, [this.keyPrefix + tenantId], [checked])) === 1;
  }

  async remove(tenantId: string): Promise<boolean> {
    const key = this.keyPrefix + tenantId;
    try {
      return (await this.redis.unlink(key)) > 0;
    } catch (error) {
      throw translateRedisError(error, 'tenant UNLINK', key);
    }
  }
}

/** The stored limits, or the raw text (which then fails validation, naming the field). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
