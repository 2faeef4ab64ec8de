import { randomBytes } from 'node:crypto';
import { DEFAULT_API_KEY_PREFIX, isValidApiKeyId, isValidApiKeyPrefix } from './api-key-format.js';
import { hashApiKey } from './hash-api-key.js';

/** A freshly generated API key: give `key` to its owner once; store only `id` and `hash`. */
export interface GeneratedApiKey {
  readonly key: string;
  readonly id: string;
  readonly hash: string;
}

/** Options of {@link generateApiKey}. */
export interface GenerateApiKeyOptions {
  /** Default `bk`. */
  readonly prefix?: string;
  /** The key's public id; default 12 random hex characters. */
  readonly id?: string;
}

/**
 * Generates an API key `<prefix>_<id>_<secret>` with a 256-bit random secret (base64url),
 * and the SHA-256 hash to store. The id is public (it appears in logs); the secret is not.
 *
 * @example
 * ```ts
 * const { key, id, hash } = generateApiKey({ prefix: 'bk' });
 * registry.add({ id, hash, subject: 'partner-a', scopes: ['leads:read'] });
 * console.log(`give this to partner-a once: ${key}`);
 * ```
 */
export function generateApiKey(options: GenerateApiKeyOptions = {}): GeneratedApiKey {
  const prefix = options.prefix ?? DEFAULT_API_KEY_PREFIX;
  const id = options.id ?? randomBytes(6).toString('hex');
  if (!isValidApiKeyPrefix(prefix)) throw new RangeError(`Invalid API key prefix "${prefix}"`);
  if (!isValidApiKeyId(id)) throw new RangeError(`Invalid API key id "${id}"`);
  const key = `${prefix}_${id}_${randomBytes(32).toString('base64url')}`;
  return { key, id, hash: hashApiKey(key) };
}
