import { DomainError, NotFoundError, ValidationError } from '../../domain/errors.js';

const PERMANENT_CODES: ReadonlySet<string> = new Set([
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'MALFORMED_ACTION',
]);

/** SQLSTATE class 22, "data exception": the same data fails the same way every time. */
const DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;

/**
 * Whether a handler's error will fail the same way on every retry, so the action goes to the
 * dead-letter queue at once: an explicit `retryable: false`, a broken business rule
 * (`DomainError`), invalid input, something not found, auth failures, and data PostgreSQL
 * will never accept (SQLSTATE class 22: a NUL character in text, an invalid byte sequence, a
 * value out of range), found on the error or anywhere along its `cause` chain. Anything else —
 * including errors nobody classified — is retried until `maxAttempts`: on a queue a retry is
 * cheap, and a bug still ends in the dead-letter queue with its last error.
 *
 * @example
 * ```ts
 * isPermanentFailure(new ValidationError('candidateId', issues)); // true
 * isPermanentFailure(Object.assign(new Error('invalid byte sequence'), { code: '22021' })); // true
 * isPermanentFailure(new Error('connection reset'));              // false
 * ```
 */
export function isPermanentFailure(error: unknown): boolean {
  if (error instanceof DomainError || error instanceof ValidationError) return true;
  if (error instanceof NotFoundError) return true;
  if (typeof error !== 'object' || error === null) return false;
  try {
    const facts = error as { retryable?: unknown; code?: unknown };
    if (facts.retryable === false) return true;
    if (facts.retryable === true) return false;
    if (typeof facts.code === 'string' && PERMANENT_CODES.has(facts.code)) return true;
    return isDataException(error);
  } catch {
    return false;
  }
}

function isDataException(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const { code, context, cause } = current as {
      code?: unknown;
      context?: { sqlState?: unknown };
      cause?: unknown;
    };
    if (typeof code === 'string' && DATA_EXCEPTION.test(code)) return true;
    const sqlState = context?.sqlState;
    if (typeof sqlState === 'string' && DATA_EXCEPTION.test(sqlState)) return true;
    current = cause;
  }
  return false;
}
