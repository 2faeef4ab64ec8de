/**
 * How many times the header `name` occurs in Node's `rawHeaders` (`[name, value, name,
 * value, …]` exactly as received), compared case-insensitively. Unlike `req.headers`, which
 * keeps only the first `Authorization` and joins repeated custom headers with `, `, it sees
 * every line the client sent.
 *
 * @example
 * ```ts
 * if (countRawHeader(req.rawHeaders, 'authorization') > 1) throw new DuplicateHeaderError('authorization', 2);
 * ```
 */
export function countRawHeader(rawHeaders: readonly string[], name: string): number {
  const wanted = name.toLowerCase();
  let count = 0;
  for (let index = 0; index < rawHeaders.length; index += 2) {
    if (rawHeaders[index]?.toLowerCase() === wanted) count += 1;
  }
  return count;
}
