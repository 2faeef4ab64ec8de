import { maskSensitiveText } from '../../shared/logging/mask-sensitive-text.js';
import { describeError } from '../../shared/resilience/describe-error.js';

/** An error as it travels to a dead-letter queue or a callback: a code and a safe message. */
export interface ActionFailure {
  readonly code: string;
  readonly message: string;
}

const MAX_MESSAGE_LENGTH = 1_000;

/**
 * The wire-safe summary of an error: its stable code (or name) and its message with secrets
 * and PII masked, cut to 1,000 characters. Stacks and causes never leave the process.
 *
 * @example
 * ```ts
 * toActionFailure(new Error('mail ana@example.com failed')); // { code: 'Error', message: 'mail a***@example.com failed' }
 * ```
 */
export function toActionFailure(error: unknown): ActionFailure {
  const raw = error instanceof Error ? error.message : String(error);
  const masked = maskSensitiveText(raw);
  return {
    code: describeError(error),
    message:
      masked.length > MAX_MESSAGE_LENGTH ? `${masked.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : masked,
  };
}
