import type { z } from 'zod';
import { ValidationError } from '../errors.js';

/** Validates use-case input once; a failure is a `ValidationError` naming the subject. */
export function parseInput<S extends z.ZodType>(
  subject: string,
  schema: S,
  value: unknown,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw ValidationError.fromZod(subject, result.error);
  return result.data;
}
