/** PostgreSQL's limit on bind parameters in one statement (the protocol counts them in 16 bits). */
export const MAX_BIND_PARAMETERS = 65_535;

/**
 * Splits rows into chunks whose multi-row `INSERT … VALUES` stays within the bind-parameter
 * limit: each chunk holds at most `floor(limit / parametersPerRow)` rows.
 *
 * @example
 * ```ts
 * chunkByParameters(rows, 12).map((chunk) => db.insertInto('candidates').values(chunk));
 * // 12 columns per row → chunks of up to 5,461 rows
 * ```
 */
export function chunkByParameters<T>(
  rows: readonly T[],
  parametersPerRow: number,
  limit = MAX_BIND_PARAMETERS,
): T[][] {
  const size = Math.max(1, Math.floor(limit / Math.max(1, parametersPerRow)));
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += size) {
    chunks.push(rows.slice(start, start + size));
  }
  return chunks;
}

/**
 * Splits rows into chunks of at most `size` rows (at least one per chunk), keeping the order.
 *
 * @example
 * ```ts
 * chunkRows([1, 2, 3], 2); // [[1, 2], [3]]
 * ```
 */
export function chunkRows<T>(rows: readonly T[], size: number): T[][] {
  return chunkByParameters(rows, 1, Math.max(1, Math.floor(size)));
}
