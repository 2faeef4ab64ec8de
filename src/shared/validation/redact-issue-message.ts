import { issuePath } from './issue-path.js';
import type { StandardSchemaV1 } from './standard-schema-v1.js';

const HIDDEN = 'invalid value (hidden)';
/** Shorter text is quoted by too many messages by chance ("expected 1 item"); it counts when quoted. */
const MIN_BARE_TEXT = 4;

/**
 * An issue's message, or `invalid value (hidden)` when it quotes the value found at the
 * issue's path in `input`: zod's messages name types, but valibot's and arktype's quote what
 * they received (`… but received "+5215512345678"`), which must not reach logs or errors.
 * Strings count when the message holds them quoted, or bare from 4 characters; numbers and
 * bigints when the message holds them as a whole number. Errs on hiding.
 *
 * @example
 * ```ts
 * redactIssueMessage({ message: 'Expected string but received 42', path: ['id'] }, { id: 42 });
 * // 'invalid value (hidden)'
 * ```
 */
export function redactIssueMessage(issue: StandardSchemaV1.Issue, input: unknown): string {
  return quotes(issue.message, valueAt(input, issuePath(issue))) ? HIDDEN : issue.message;
}

function valueAt(input: unknown, path: readonly string[]): unknown {
  let current = input;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function quotes(message: string, value: unknown): boolean {
  if (typeof value === 'string') {
    return (
      message.includes(JSON.stringify(value)) ||
      (value.length >= MIN_BARE_TEXT && message.includes(value))
    );
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    const digits = String(value).replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
    return new RegExp(`(?<![\\d.])${digits}(?![\\d])`).test(message);
  }
  return false;
}
