import type { z } from 'zod';
import { AiOutputError } from './ai-output-error.js';

/**
 * Turns a model's raw answer into the operation's validated output: JSON first, then the
 * schema. Anything else is an {@link AiOutputError} that names the failing paths but never
 * carries the answer (it may repeat PII). Shared by every `AiAssistant` adapter, so the fake
 * and the OpenAI adapter refuse the same answers.
 *
 * @example
 * ```ts
 * const qualification = parseAiAnswer('qualifyLead', LeadQualificationSchema, '{"score":80,"reason":"…"}');
 * ```
 */
export function parseAiAnswer<S extends z.ZodType>(
  operation: string,
  schema: S,
  text: string | null | undefined,
): z.output<S> {
  if (text === null || text === undefined || text.trim() === '') {
    throw new AiOutputError(operation, 'empty');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AiOutputError(operation, 'not_json');
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const paths = result.error.issues.map((issue) =>
      issue.path.length > 0 ? issue.path.join('.') : '(root)',
    );
    throw new AiOutputError(operation, 'schema', { paths: [...new Set(paths)] });
  }
  return result.data;
}
