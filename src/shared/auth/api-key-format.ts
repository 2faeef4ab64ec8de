/** Default prefix of API keys: `bk_<id>_<secret>`. */
export const DEFAULT_API_KEY_PREFIX = 'bk';

const PREFIX = /^[a-z][a-z0-9]{1,15}$/;
const KEY_ID = /^[a-z0-9]{4,32}$/;
/** Longest key accepted; anything longer is rejected before hashing. */
export const MAX_API_KEY_LENGTH = 256;

/** The parts of an API key: `<prefix>_<id>_<secret>`. Only the id is meant to be seen. */
export interface ApiKeyParts {
  readonly prefix: string;
  readonly id: string;
  readonly secret: string;
}

/** True when `prefix` may prefix API keys (lower-case letters and digits, 2–16 characters). */
export function isValidApiKeyPrefix(prefix: string): boolean {
  return PREFIX.test(prefix);
}

/** True when `id` may identify an API key (lower-case letters and digits, 4–32 characters). */
export function isValidApiKeyId(id: string): boolean {
  return KEY_ID.test(id);
}

/**
 * Splits a presented API key into prefix, id and secret, or returns `undefined` when it does
 * not have the expected shape (the check looks only at the format, never at the secret's value).
 *
 * @example
 * ```ts
 * parseApiKey('bk_3f9a1c2e_Zm9vYmFy…', 'bk')?.id; // '3f9a1c2e'
 * ```
 */
export function parseApiKey(key: string, prefix: string): ApiKeyParts | undefined {
  if (key.length > MAX_API_KEY_LENGTH) return undefined;
  const first = key.indexOf('_');
  const second = key.indexOf('_', first + 1);
  if (first < 0 || second < 0) return undefined;
  const parts = {
    prefix: key.slice(0, first),
    id: key.slice(first + 1, second),
    secret: key.slice(second + 1),
  };
  if (parts.prefix !== prefix || !isValidApiKeyId(parts.id)) return undefined;
  if (!/^[A-Za-z0-9_-]{32,200}$/.test(parts.secret)) return undefined;
  return parts;
}
