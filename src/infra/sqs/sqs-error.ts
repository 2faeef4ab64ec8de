import { type BaltraErrorOptions, InfrastructureError } from '../../domain/errors.js';

/** The stable codes of {@link SqsError}. */
export type SqsErrorCode =
  /** The queue (name or URL) does not exist in this account and region. */
  | 'QUEUE_NOT_FOUND'
  /** SQS could not be reached or answered with a server fault or throttling: try again later. */
  | 'QUEUE_UNAVAILABLE'
  /** The credentials are missing, invalid, expired or not allowed to use the queue. */
  | 'QUEUE_ACCESS_DENIED'
  /** SQS refused the request itself (a parameter it does not accept). */
  | 'QUEUE_REQUEST_INVALID';

/** Options of {@link SqsError}. */
export interface SqsErrorOptions extends BaltraErrorOptions {
  readonly retryable?: boolean;
  /** The AWS error name (`QueueDoesNotExist`, `ThrottlingException` …), when there was one. */
  readonly awsCode?: string;
}

/**
 * An Amazon SQS call failed. `code` is stable (see {@link SqsErrorCode}); `retryable` says
 * whether the same call may succeed later; `context` holds the queue, the operation, the AWS
 * error name, HTTP status and request id, never credentials. The `cause` is a sanitised copy
 * of the AWS error (name and message only: no request, response or signing details).
 *
 * @example
 * ```ts
 * try { await queue.send('leads', messages); }
 * catch (error) {
 *   if (error instanceof SqsError && error.retryable) return retryLater();
 *   throw error;
 * }
 * ```
 */
export class SqsError extends InfrastructureError {
  declare readonly code: SqsErrorCode;
  readonly retryable: boolean;
  readonly awsCode: string | undefined;

  constructor(code: SqsErrorCode, message: string, options: SqsErrorOptions = {}) {
    super(message, { ...options, code });
    this.retryable = options.retryable ?? code === 'QUEUE_UNAVAILABLE';
    this.awsCode = options.awsCode;
  }
}
