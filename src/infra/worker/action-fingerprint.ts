import { createHash } from 'node:crypto';
import type { DomainAction } from '../../shared/messaging/domain-action.js';

/**
 * What makes two deliveries "the same action": a SHA-256 of the action type and its `data`
 * as canonical JSON (object keys sorted, so key order does not matter). Stored with the
 * result of a completed action; a later action with the same id and another fingerprint is
 * an `idempotency_conflict`, not a replay.
 *
 * @example
 * ```ts
 * actionFingerprint({ ...action, data: { b: 1, a: 2 } }) === actionFingerprint({ ...action, data: { a: 2, b: 1 } }); // true
 * ```
 */
export function actionFingerprint(action: Pick<DomainAction, 'action_type' | 'data'>): string {
  const hash = createHash('sha256');
  hash.update(action.action_type);
  hash.update('\n');
  hash.update(canonicalJson(action.data));
  return hash.digest('base64url');
}

/** JSON with object keys in sorted order, at every depth. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort();
    const record = value as Record<string, unknown>;
    return `{${keys
      .filter((key) => record[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
