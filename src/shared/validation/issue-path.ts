import type { StandardSchemaV1 } from './standard-schema-v1.js';

/**
 * The keys of a Standard Schema issue's path as text, whether the validator gives plain keys
 * (zod, arktype) or `{ key }` segments (valibot); empty for an issue of the value itself.
 *
 * @example
 * ```ts
 * issuePath({ message: 'Required', path: ['items', 0, { key: 'sku' }] }); // ['items', '0', 'sku']
 * issuePath({ message: 'Expected an object' }).join('.') || '(root)'; // '(root)'
 * ```
 */
export function issuePath(issue: StandardSchemaV1.Issue): string[] {
  return (issue.path ?? []).map((segment) =>
    String(typeof segment === 'object' && segment !== null ? segment.key : segment),
  );
}
