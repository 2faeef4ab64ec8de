import { createHash } from 'node:crypto';
import { ValidationError } from '../../domain/errors.js';

/** Step Functions' limit on execution names. */
export const MAX_EXECUTION_NAME_LENGTH = 80;

const HASH_LENGTH = 12;

/**
 * Turns an idempotency key into a valid Step Functions execution name: characters outside
 * `[A-Za-z0-9-_]` become `-`, and at most 80 characters. A name that is already valid is kept
 * as is; any other gets a hash of the original as suffix, so that two distinct keys never map
 * to the same execution (`a.b` and `a:b`, or two long keys with a common prefix).
 *
 * @example
 * ```ts
 * sanitiseExecutionName('onboarding-42');     // 'onboarding-42'
 * sanitiseExecutionName('onboarding:42/#1');  // 'onboarding-42--1-3f0c…'
 * ```
 */
export function sanitiseExecutionName(name: string): string {
  if (name.length === 0) {
    throw new ValidationError('execution name', [
      { code: 'custom', path: [], message: 'must not be empty', input: name },
    ]);
  }
  const cleaned = name.replace(/[^A-Za-z0-9_-]/g, '-');
  if (cleaned === name && name.length <= MAX_EXECUTION_NAME_LENGTH) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, HASH_LENGTH);
  return `${cleaned.slice(0, MAX_EXECUTION_NAME_LENGTH - HASH_LENGTH - 1)}-${hash}`;
}
