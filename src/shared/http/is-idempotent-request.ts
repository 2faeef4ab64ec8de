import { IDEMPOTENCY_KEY_HEADER } from './idempotency-key-header.js';

const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'PUT',
  'DELETE',
  'OPTIONS',
]);

/**
 * True when repeating the request cannot apply it twice: an idempotent method (GET, HEAD,
 * PUT, DELETE, OPTIONS) or any request carrying an `idempotency-key` header. Only such
 * requests are retried by the service client.
 *
 * @example
 * ```ts
 * isIdempotentRequest('POST', { 'idempotency-key': 'lead-123' }); // true
 * isIdempotentRequest('POST', {}); // false
 * ```
 */
export function isIdempotentRequest(
  method: string,
  headers: Readonly<Record<string, string>> = {},
): boolean {
  if (IDEMPOTENT_METHODS.has(method.toUpperCase())) return true;
  return Object.entries(headers).some(
    ([name, value]) => name.toLowerCase() === IDEMPOTENCY_KEY_HEADER && value.trim() !== '',
  );
}
