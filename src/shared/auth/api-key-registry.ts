import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  DEFAULT_API_KEY_PREFIX,
  isValidApiKeyId,
  isValidApiKeyPrefix,
  parseApiKey,
} from './api-key-format.js';
import { AuthenticationError } from './authentication-error.js';
import type { ApiKeyPrincipal } from './principal.js';

/** A stored API key: its public id, owner, scopes and SHA-256 hash — never the key. */
export interface ApiKeyRecord {
  readonly id: string;
  readonly subject: string;
  /** `hashApiKey(key)`: 64 hex characters. */
  readonly hash: string;
  readonly scopes: readonly string[];
  /** After this instant the key is rejected. */
  readonly expiresAt?: Date;
  readonly revoked?: boolean;
}

/** Options of {@link ApiKeyRegistry}. */
export interface ApiKeyRegistryOptions {
  /** Prefix every key must carry; default `bk`. */
  readonly prefix?: string;
  /** Clock for expiry checks; default `() => new Date()`. */
  readonly now?: () => Date;
}

interface StoredKey {
  readonly record: ApiKeyRecord;
  readonly digest: Buffer;
}

const HEX_DIGEST = /^[0-9a-f]{64}$/;

/**
 * The API keys a service accepts, stored hashed. Several keys may be active at once — also
 * for one subject — so a key is rotated by adding the new one, moving the caller to it, then
 * revoking the old one. `verify` hashes the presented key with SHA-256 and compares the
 * 32-byte digests with `crypto.timingSafeEqual`, against a dummy digest when the id is
 * unknown, so the comparison takes the same path and time wherever the presented key differs.
 *
 * @example
 * ```ts
 * const registry = new ApiKeyRegistry([
 *   { id: 'a1b2c3d4', subject: 'partner-a', hash: process.env.PARTNER_A_KEY_HASH!, scopes: ['leads:read'] },
 * ]);
 * const principal = registry.verify(req.headers['x-api-key']); // throws AuthenticationError
 * ```
 */
export class ApiKeyRegistry {
  readonly #keys = new Map<string, StoredKey>();
  readonly #prefix: string;
  readonly #now: () => Date;
  readonly #dummy = randomBytes(32);

  constructor(records: Iterable<ApiKeyRecord> = [], options: ApiKeyRegistryOptions = {}) {
    this.#prefix = options.prefix ?? DEFAULT_API_KEY_PREFIX;
    this.#now = options.now ?? (() => new Date());
    if (!isValidApiKeyPrefix(this.#prefix)) {
      throw new RangeError(`Invalid API key prefix "${this.#prefix}"`);
    }
    for (const record of records) this.add(record);
  }

  /** Number of keys held, revoked ones included. */
  get size(): number {
    return this.#keys.size;
  }

  /** Adds a key (throws on a malformed record or a duplicate id). */
  add(record: ApiKeyRecord): this {
    if (!isValidApiKeyId(record.id)) throw new RangeError(`Invalid API key id "${record.id}"`);
    if (!HEX_DIGEST.test(record.hash)) {
      throw new RangeError(`API key ${record.id}: hash must be a hex SHA-256 digest`);
    }
    if (this.#keys.has(record.id)) throw new RangeError(`Duplicate API key id "${record.id}"`);
    const frozen = Object.freeze({ ...record, scopes: Object.freeze([...record.scopes]) });
    this.#keys.set(record.id, { record: frozen, digest: Buffer.from(record.hash, 'hex') });
    return this;
  }

  /** Revokes a key by id; returns false when there is no such key. */
  revoke(id: string): boolean {
    const stored = this.#keys.get(id);
    if (stored === undefined) return false;
    this.#keys.set(id, { ...stored, record: Object.freeze({ ...stored.record, revoked: true }) });
    return true;
  }

  /**
   * Checks a presented key and returns who it belongs to, or throws
   * {@link AuthenticationError} (401) with reason `malformed_credentials`, `unknown_key`,
   * `wrong_key`, `key_revoked` or `key_expired`.
   */
  verify(presented: string | undefined): ApiKeyPrincipal {
    if (presented === undefined || presented === '') {
      throw new AuthenticationError('missing_credentials', { scheme: 'api-key' });
    }
    const parts = parseApiKey(presented, this.#prefix);
    if (parts === undefined) {
      throw new AuthenticationError('malformed_credentials', { scheme: 'api-key' });
    }
    const stored = this.#keys.get(parts.id);
    const presentedDigest = createHash('sha256').update(presented, 'utf8').digest();
    // Always one full-length constant-time comparison, known id or not.
    const matches = timingSafeEqual(presentedDigest, stored?.digest ?? this.#dummy);
    if (stored === undefined) {
      throw new AuthenticationError('unknown_key', { scheme: 'api-key', keyId: parts.id });
    }
    if (!matches)
      throw new AuthenticationError('wrong_key', { scheme: 'api-key', keyId: parts.id });
    const { record } = stored;
    if (record.revoked === true) {
      throw new AuthenticationError('key_revoked', { scheme: 'api-key', keyId: record.id });
    }
    if (record.expiresAt !== undefined && record.expiresAt.getTime() <= this.#now().getTime()) {
      throw new AuthenticationError('key_expired', { scheme: 'api-key', keyId: record.id });
    }
    return { kind: 'api-key', subject: record.subject, keyId: record.id, scopes: record.scopes };
  }
}
