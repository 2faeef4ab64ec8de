import type { StandardSchemaV1 } from './standard-schema-v1.js';

/**
 * True when `value` implements Standard Schema v1: it has a `~standard` object of version 1
 * with a `validate` function (zod ≥ 3.24, valibot ≥ 1, arktype ≥ 2 …).
 *
 * @example
 * ```ts
 * isStandardSchema(z.object({ id: z.string() })); // true
 * isStandardSchema({ parse: () => 1 }); // false
 * ```
 */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const props = (value as { '~standard'?: unknown })['~standard'];
  return (
    typeof props === 'object' &&
    props !== null &&
    (props as { version?: unknown }).version === 1 &&
    typeof (props as { validate?: unknown }).validate === 'function'
  );
}
