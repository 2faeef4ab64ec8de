/** Backslash, newline, carriage return and tab: the characters COPY's text format escapes. */
const NEEDS_ESCAPE = /[\\\n\r\t]/;
const ESCAPED = /[\\\n\r\t]/g;
const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};
const escapeCharacter = (character: string) => ESCAPES[character] as string;

/**
 * One field of PostgreSQL's `COPY … FROM STDIN` text format: `\N` for null or undefined, the
 * value's text otherwise, with backslash, newline, carriage return and tab backslash-escaped (so
 * a value can never end its field or row, nor read as `\N`). Dates travel as ISO strings (exact to
 * the millisecond). PostgreSQL text cannot hold a NUL character: check values with
 * {@link findNulCharacter} first; a NUL reaching this function is a `TypeError`.
 *
 * @example
 * ```ts
 * copyTextField('a\tb\\c'); // 'a\\tb\\\\c'
 * copyTextField(null);      // '\\N'
 * ```
 */
export function copyTextField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') {
    if (value.includes('\0'))
      throw new TypeError('copyTextField: text cannot hold a NUL character');
    return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, escapeCharacter) : value;
  }
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  throw new TypeError(`copyTextField: cannot send a ${typeof value} as a COPY field`);
}

/**
 * Rows of COPY text, `rowsPerChunk` rows to a string, made lazily: however many rows, only one
 * chunk's text exists at a time (the COPY stream holds it until the socket takes it).
 *
 * @example
 * ```ts
 * for (const chunk of copyTextChunks([['a', null], ['b\n', 2]])) stream.write(chunk);
 * // 'a\t\\N\nb\\n\t2\n'
 * ```
 */
export function* copyTextChunks(
  rows: Iterable<readonly unknown[]>,
  rowsPerChunk = 500,
): Generator<string> {
  let lines: string[] = [];
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i += 1) {
      line += i === 0 ? copyTextField(row[i]) : `\t${copyTextField(row[i])}`;
    }
    lines.push(line);
    if (lines.length === rowsPerChunk) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}

/**
 * Where the first NUL character is among the rows' string fields (`[row, field]` indexes), or
 * `undefined` when there is none. PostgreSQL text and `jsonb` cannot store NUL, whatever the
 * protocol; finding it before a COPY starts keeps the statement from failing halfway.
 *
 * @example
 * ```ts
 * findNulCharacter([['ok'], ['a\0b']]); // [1, 0]
 * ```
 */
export function findNulCharacter(
  rows: Iterable<readonly unknown[]>,
): readonly [number, number] | undefined {
  let index = 0;
  for (const row of rows) {
    for (let field = 0; field < row.length; field += 1) {
      const value = row[field];
      if (typeof value === 'string' && value.includes('\0')) return [index, field];
    }
    index += 1;
  }
  return undefined;
}
