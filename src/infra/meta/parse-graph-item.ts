import type { z } from 'zod';
import { MetaGraphError } from './meta-graph-error.js';

/**
 * Parses one item of a Graph list with `schema`; a mismatch is a `MetaGraphError`
 * `META_UNEXPECTED_RESPONSE` naming the bad paths (never the values: they may be PII).
 *
 * @example
 * ```ts
 * const form = parseGraphItem('GET {pageId}/leadgen_forms', FormSchema, row);
 * ```
 */
export function parseGraphItem<T>(operation: string, schema: z.ZodType<T>, item: unknown): T {
  const result = schema.safeParse(item);
  if (!result.success) {
    throw new MetaGraphError(
      'META_UNEXPECTED_RESPONSE',
      `Meta ${operation}: unexpected item shape`,
      {
        context: { operation, paths: result.error.issues.map((issue) => issue.path.join('.')) },
      },
    );
  }
  return result.data;
}
