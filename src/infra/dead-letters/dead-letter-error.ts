import { InfrastructureError } from '../../domain/errors.js';

/** Why a dead-letter operation could not be done. */
export type DeadLetterErrorCode =
  /** The queue named does not exist on the broker. */
  | 'QUEUE_NOT_FOUND'
  /** `showDeadLetter` with an id no message of the dead-letter queue carries. */
  | 'DEAD_LETTER_NOT_FOUND'
  /** A replay's options cannot work (same source and target, a limit below 1). */
  | 'INVALID_REPLAY';

/**
 * A dead-letter operation (`listDeadLetters`, `showDeadLetter`, `replayDeadLetters`) could
 * not be done: the queue is missing, the message is not there, or the replay was asked
 * wrongly. Messages that could not be replayed are not errors: the replay's report lists them.
 *
 * @example
 * ```ts
 * try {
 *   await showDeadLetter(queue, 'leads-dlq', { id });
 * } catch (error) {
 *   if (error instanceof DeadLetterError && error.code === 'DEAD_LETTER_NOT_FOUND') console.log('gone');
 *   else throw error;
 * }
 * ```
 */
export class DeadLetterError extends InfrastructureError {
  declare readonly code: DeadLetterErrorCode;

  constructor(
    code: DeadLetterErrorCode,
    message: string,
    options: { readonly queue?: string; readonly cause?: unknown } = {},
  ) {
    super(message, {
      code,
      ...(options.queue === undefined ? {} : { context: { queue: options.queue } }),
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
  }
}
