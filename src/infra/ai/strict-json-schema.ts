import { z } from 'zod';

// Keywords OpenAI's strict structured outputs refuse or ignore; zod re-checks them anyway.
const DROPPED = new Set(['$schema', 'minLength', 'maxLength', 'format', 'pattern']);

/**
 * The JSON Schema of a zod object for OpenAI's strict structured outputs: zod 4's
 * `z.toJSONSchema` (output side), with every object closed (`additionalProperties: false`),
 * every property required, and the string bounds OpenAI does not accept left out — the
 * answer is validated against the zod schema itself afterwards, bounds included.
 *
 * @example
 * ```ts
 * const schema = strictJsonSchema(LeadQualificationSchema);
 * // { type: 'object', properties: { score: { type: 'integer', minimum: 0, maximum: 100 }, … }, … }
 * ```
 */
export function strictJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return tighten(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' })) as Record<
    string,
    unknown
  >;
}

function tighten(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tighten);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!DROPPED.has(key)) out[key] = tighten(value);
  }
  if (out.type === 'object' && typeof out.properties === 'object' && out.properties !== null) {
    out.additionalProperties = false;
    out.required = Object.keys(out.properties);
  }
  return out;
}
