/** Most entries in one call of the send script. */
const SEND_CHUNK_ENTRIES = 500;
/** About the most characters of bodies and attributes in one call of the send script. */
const SEND_CHUNK_CHARS = 4 * 1024 * 1024;

/**
 * Splits the entries of a send into script calls of at most 500 entries and about 4 Mi
 * characters of bodies and attributes (`args[1]` and `args[2]`), so no call is one huge
 * command. The calls go out pipelined: a send of any size is still one round trip.
 *
 * @example
 * ```ts
 * const calls = chunkSendEntries(accepted); // [[…500 entries], [the rest]]
 * ```
 */
export function chunkSendEntries<T extends { readonly args: readonly string[] }>(
  entries: readonly T[],
): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let chars = 0;
  for (const entry of entries) {
    const size = (entry.args[1] ?? '').length + (entry.args[2] ?? '').length;
    if (
      current.length > 0 &&
      (current.length >= SEND_CHUNK_ENTRIES || chars + size > SEND_CHUNK_CHARS)
    ) {
      chunks.push(current);
      current = [];
      chars = 0;
    }
    current.push(entry);
    chars += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
