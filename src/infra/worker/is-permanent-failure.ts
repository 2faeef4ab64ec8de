import { DomainError, NotFoundError, ValidationError } from '../../domain/errors.js';

const PERMANENT_CODES: ReadonlySet<string> = new Set([
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'MALFORMED_ACTION',
]);

/**
 * Whether a handler's error will fail the same way on every retry, so the action goes to the
 * dead-letter queue at once: an explicit `retryable: false`, a broken business rule
 * (`DomainError`), invalid input, something not found, auth failures. Anything else —
 * including errors nobody classified — is retried until `maxReceiveCount`: on a queue a retry
 * is cheap, and a bug still ends in the dead-letter queue with its last error.
 *
 * @example
 * ```ts
 * isPermanentFailure(new ValidationError('candidateId', issues)); // true
 * isPermanentFailure(new Error('connection reset'));              // false
 * ```
 */
export function isPermanentFailure(error: unknown): boolean {
  if (error instanceof DomainError || error instanceof ValidationError) return true;
  if (error instanceof NotFoundError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const facts = error as { retryable?: unknown; code?: unknown };
  if (facts.retryable === false) return true;
  if (facts.retryable === true) return false;
  return typeof facts.code === 'string' && PERMANENT_CODES.has(facts.code);
}
