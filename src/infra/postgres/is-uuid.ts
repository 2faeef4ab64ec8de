const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True when `value` has the shape of a UUID. Lookups by a malformed id answer "not found"
 * instead of letting PostgreSQL reject the cast (SQLSTATE 22P02), as the in-memory adapter does.
 *
 * @example
 * ```ts
 * isUuid('not-an-id'); // false
 * ```
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
