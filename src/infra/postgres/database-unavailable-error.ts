import { type BaltraErrorOptions, InfrastructureError } from '../../domain/errors.js';

/**
 * The database cannot be reached (refused, timed out, unknown host, authentication failed,
 * shut down). The message names host and port and never the password; code
 * `DATABASE_UNAVAILABLE`. Usually worth a retry with backoff.
 *
 * @example
 * ```ts
 * try { await migrateToLatest(db); }
 * catch (error) { if (error instanceof DatabaseUnavailableError) return scheduleRetry(); throw error; }
 * ```
 */
export class DatabaseUnavailableError extends InfrastructureError {
  constructor(message: string, options: BaltraErrorOptions = {}) {
    super(message, { ...options, code: 'DATABASE_UNAVAILABLE' });
  }
}
