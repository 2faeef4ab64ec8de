import { type BaltraErrorOptions, InfrastructureError } from '../../domain/errors.js';

/** The stable codes of {@link RedisError}. */
export type RedisErrorCode =
  /** The server could not be reached, the connection dropped or a command timed out: retry. */
  | 'REDIS_UNAVAILABLE'
  /** The server refused the command (a wrong type, a script error, a read-only replica …). */
  | 'REDIS_COMMAND_FAILED'
  /** A queue the adapter was asked to use was never created. */
  | 'QUEUE_NOT_FOUND';

/** Options of {@link RedisError}. */
export interface RedisErrorOptions extends BaltraErrorOptions {
  readonly retryable?: boolean;
}

/**
 * A Redis call failed. `code` is stable (see {@link RedisErrorCode}); `retryable` says whether
 * the same call may succeed later (true for `REDIS_UNAVAILABLE`). The message and `context`
 * name the operation and the key, never the URL's password.
 *
 * @example
 * ```ts
 * try { await queue.send('leads', messages); }
 * catch (error) {
 *   if (error instanceof RedisError && error.retryable) return retryLater();
 *   throw error;
 * }
 * ```
 */
export class RedisError extends InfrastructureError {
  declare readonly code: RedisErrorCode;
  readonly retryable: boolean;

  constructor(code: RedisErrorCode, message: string, options: RedisErrorOptions = {}) {
    super(message, { ...options, code });
    this.retryable = options.retryable ?? code === 'REDIS_UNAVAILABLE';
  }
}
