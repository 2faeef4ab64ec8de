import { requireWholeNumber } from './require-whole-number.js';

/**
 * How {@link truncate} marks a cut:
 * - `'ellipsis'`: the result is at most `maxLength` characters, the last one `…` (for
 *   destinations with hard limits: span attributes, Step Functions' `cause`);
 * - `'count'`: `maxLength` characters are kept and `…[truncated N chars]` appended (the
 *   logger's form, which says how much is missing).
 */
export type TruncationMarker = 'ellipsis' | 'count';

/** Options of {@link truncate}. */
export interface TruncateOptions {
  /** Longest string kept whole; default 200 (the source systems' sanitiser rule). */
  readonly maxLength?: number;
  /** Default `'ellipsis'`. */
  readonly marker?: TruncationMarker;
}

/** The source systems' sanitiser truncates strings longer than 200 characters. */
export const DEFAULT_MAX_STRING_LENGTH = 200;

/**
 * Cuts a long string. A string of at most `maxLength` characters is returned as it is; a
 * cut never splits a surrogate pair (an emoji is kept or dropped whole). An invalid
 * `maxLength` (negative, fractional) is an `InvalidPiiOptionError`.
 *
 * @example
 * ```ts
 * truncate('x'.repeat(300));                               // 199 × 'x' + '…' (200 characters)
 * truncate('abcdefghij', { maxLength: 4, marker: 'count' }); // 'abcd…[truncated 6 chars]'
 * ```
 */
export function truncate(text: string, options: TruncateOptions = {}): string {
  const maxLength = requireWholeNumber(
    'maxLength',
    options.maxLength ?? DEFAULT_MAX_STRING_LENGTH,
    0,
  );
  if (text.length <= maxLength) return text;
  if (options.marker === 'count') {
    const kept = text.slice(0, cutAt(text, maxLength));
    return `${kept}…[truncated ${text.length - kept.length} chars]`;
  }
  if (maxLength === 0) return '';
  return `${text.slice(0, cutAt(text, maxLength - 1))}…`;
}

/** `end`, moved back by one when it would separate a high surrogate from its low half. */
function cutAt(text: string, end: number): number {
  const last = text.charCodeAt(end - 1);
  return end > 0 && last >= 0xd800 && last <= 0xdbff ? end - 1 : end;
}
