import { EdgeError, type EdgeErrorOptions } from '../http/edge-error.js';

/**
 * Why a message went to a dead-letter queue. Each is recorded on the dead-lettered message
 * (`baltra.dead_letter`) and counted in `queue_message_dead_lettered_total`:
 *
 * - the message is not a DomainAction: `invalid_json`, `oversized`, `invalid_envelope`,
 *   `missing_tenant`;
 * - its tenant may not run it: `unknown_tenant` (the tenant directory does not know the
 *   tenant), `tenant_suspended` (the directory has it suspended);
 * - no handler can take it: `unknown_action_type`, `invalid_data` (its data fails the
 *   handler's schema), `schema_error` (the schema itself threw);
 * - its handler gave up: `non_retryable_error` (a permanent error), `max_attempts_exceeded`
 *   (failed `maxAttempts` runs), `worker_crashed` (the process died during `maxCrashes` runs);
 * - `max_receives_exceeded`: delivered more than `maxDeliveries` times without a run that
 *   finished (the backstop);
 * - `idempotency_conflict`: its action id was applied already with other data;
 * - callbacks only: `callback_not_allowed` (the `callback_queue` is not one the worker may
 *   answer on), `callback_undeliverable` (sending it failed every time);
 * - brokers only: `malformed_entry` (the Redis queue found a stream entry that is no message:
 *   no body, unreadable attributes), recorded by `RedisMessageQueue` itself.
 */
export type DeadLetterReason =
  | 'invalid_json'
  | 'oversized'
  | 'invalid_envelope'
  | 'missing_tenant'
  | 'unknown_tenant'
  | 'tenant_suspended'
  | 'unknown_action_type'
  | 'invalid_data'
  | 'schema_error'
  | 'non_retryable_error'
  | 'max_attempts_exceeded'
  | 'worker_crashed'
  | 'max_receives_exceeded'
  | 'idempotency_conflict'
  | 'callback_not_allowed'
  | 'callback_undeliverable'
  | 'malformed_entry';

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
