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
 * and PII masked, cut to 1,000 characters. Stacks and causes never leave the process. Never
 * throws: a thrown value that cannot be turned into a string (`Object.create(null)`, a
 * revoked Proxy) is described as unprintable.
 *
 * @example
 * ```ts
 * toActionFailure(new Error('mail ana@example.com failed')); // { code: 'Error', message: 'mail a***@example.com failed' }
 * toActionFailure(Object.create(null)); // { code: 'object', message: '(an unprintable object was thrown)' }
 * ```
 */
export function toActionFailure(error: unknown): ActionFailure {
  const masked = maskSensitiveText(printable(error));
  return {
    code: describeError(error),
    message:
      masked.length > MAX_MESSAGE_LENGTH ? `${masked.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : masked,
  };
}

function printable(error: unknown): string {
  try {
    if (error instanceof Error) return String(error.message);
    return String(error);
  } catch {
    return `(an unprintable ${typeof error} was thrown)`;
  }
}
