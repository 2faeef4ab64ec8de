import { EdgeError } from './edge-error.js';

/**
 * A header that must appear once (`Authorization`, the API-key header) was sent more than
 * once: ambiguous credentials, answered 400 `DUPLICATE_HEADER` before any of them is read.
 * The message names the header, never its values.
 *
 * @example
 * ```ts
 * if (countRawHeader(req.rawHeaders, 'authorization') > 1) {
 *   throw new DuplicateHeaderError('authorization', 2);
 * }
 * ```
 */
export class DuplicateHeaderError extends EdgeError {
  readonly code = 'DUPLICATE_HEADER';
  readonly status = 400;
  readonly retryable = false;
  /** The header's lower-case name. */
  readonly header: string;

  constructor(header: string, count: number) {
    const name = header.toLowerCase();
    super(`The ${name} header must be sent once`, { context: { header: name, count } });
    this.header = name;
  }
}
