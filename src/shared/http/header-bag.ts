/**
 * Request headers as Node's `IncomingMessage.headers`, Express and Fastify give them:
 * lower-case names, a string or a list of strings per name.
 */
export type HeaderBag = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * The single value of a header, or `undefined` when it is absent or repeated (a repeated
 * credential or correlation header is ambiguous and is treated as missing).
 *
 * @example
 * ```ts
 * const apiKey = singleHeader(req.headers, 'x-api-key');
 * ```
 */
export function singleHeader(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  if (typeof value === 'string') return value;
  if (value !== undefined && value.length === 1) return value[0];
  return undefined;
}
