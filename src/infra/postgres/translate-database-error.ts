import { ConflictError, InfrastructureError, isBaltraError } from '../../domain/errors.js';
import { DatabaseUnavailableError } from './database-unavailable-error.js';

/** The facts of a PostgreSQL error (from `pg` or PGlite) that decide how it is translated. */
export interface DatabaseErrorFacts {
  /** SQLSTATE, e.g. `23505` for a unique violation. */
  readonly sqlState?: string;
  readonly constraint?: string;
  readonly table?: string;
}

/** Reads SQLSTATE, constraint and table from a `pg` or PGlite error; empty for anything else. */
export function databaseErrorFacts(error: unknown): DatabaseErrorFacts {
  if (typeof error !== 'object' || error === null) return {};
  const { code, constraint, table } = error as Record<string, unknown>;
  return {
    ...(typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? { sqlState: code } : {}),
    ...(typeof constraint === 'string' ? { constraint } : {}),
    ...(typeof table === 'string' ? { table } : {}),
  };
}

/**
 * Translates an error raised by the database into an SDK error, for errors the caller has no
 * more specific meaning for: SDK errors pass unchanged; serialization failures, deadlocks and
 * lock timeouts (`lock_timeout`, SQLSTATE 55P03) become `ConflictError` (retry the unit of
 * work); a statement sent after an earlier one failed in the same transaction (25P02) becomes
 * `InfrastructureError` code `TRANSACTION_ABORTED`; lost or refused connections and server
 * shutdowns become `DatabaseUnavailableError`; anything else an `InfrastructureError` with code
 * `DATABASE_QUERY_FAILED`. The original error is kept as `cause` (it may quote row values, so
 * log it only through a PII-aware logger).
 *
 * @example
 * ```ts
 * try { await db.selectFrom('companies').selectAll().execute(); }
 * catch (error) { throw translateDatabaseError(error, 'list companies'); }
 * ```
 */
export function translateDatabaseError(error: unknown, operation: string): Error {
  if (isBaltraError(error)) return error;
  const facts = databaseErrorFacts(error);
  const context = { operation, ...facts };
  const state = facts.sqlState;
  if (state === '40001' || state === '40P01') {
    return new ConflictError(`${operation} conflicted with a concurrent transaction; retry it`, {
      cause: error,
      context,
    });
  }
  if (state === '55P03') {
    return new ConflictError(
      `${operation} gave up waiting for a lock held by another transaction`,
      {
        cause: error,
        context,
      },
    );
  }
  if (state === '25P02') {
    return new InfrastructureError(
      `${operation} failed: an earlier statement of this transaction failed, so the unit of work can only be rolled back`,
      { code: 'TRANSACTION_ABORTED', cause: error, context },
    );
  }
  if (
    state?.startsWith('08') ||
    state === '57P01' ||
    state === '57P02' ||
    state === '57P03' ||
    isConnectionLoss(error)
  ) {
    return new DatabaseUnavailableError(`${operation} failed: the database connection was lost`, {
      cause: error,
      context,
    });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new InfrastructureError(`${operation} failed: ${reason}`, {
    code: 'DATABASE_QUERY_FAILED',
    cause: error,
    context,
  });
}

function isConnectionLoss(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'ECONNREFUSED' ||
    /Connection terminated|Client has encountered a connection error/.test(error.message)
  );
}
