import { EdgeError, type EdgeErrorOptions } from '../http/edge-error.js';

/**
 * Why a message could not become a DomainAction (or could not be handled at all). Each is
 * recorded on the dead-lettered message and counted in `queue_message_dead_lettered_total`.
 */
export type DeadLetterReason =
  | 'invalid_json'
  | 'oversized'
  | 'invalid_envelope'
  | 'missing_tenant'
  | 'unknown_action_type'
  | 'invalid_data'
  | 'non_retryable_error'
  | 'max_receives_exceeded';

/**
 * A queue message is not a valid DomainAction: it goes to the dead-letter queue with
 * `reason`, never to a handler. Code `MALFORMED_ACTION`.
 *
 * @example
 * ```ts
 * try { parseDomainAction(body); }
 * catch (error) { if (error instanceof MalformedActionError) await deadLetter(message, error.reason); }
 * ```
 */
export class MalformedActionError extends EdgeError {
  readonly code = 'MALFORMED_ACTION';
  readonly reason: DeadLetterReason;

  constructor(reason: DeadLetterReason, message: string, options: EdgeErrorOptions = {}) {
    super(message, { ...options, context: { reason, ...options.context } });
    this.reason = reason;
  }
}
