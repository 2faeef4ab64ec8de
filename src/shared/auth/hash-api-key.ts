import { createHash } from 'node:crypto';

/**
 * The SHA-256 digest (hex) of a whole API key, which is what a registry stores: the key
 * itself is shown once, to its owner, and never kept. API keys are 256-bit random secrets,
 * so a fast hash is enough (no password hashing needed).
 *
 * @example
 * ```ts
 * const record = { id: '3f9a1c2e', subject: 'partner-a', hash: hashApiKey(key), scopes: ['leads:read'] };
 * ```
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
