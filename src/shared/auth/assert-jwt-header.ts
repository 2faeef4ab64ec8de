import { AuthenticationError } from './authentication-error.js';

/** Header parameters a signed service token never carries (JWE's `enc`/`zip`, and `crit`). */
const FORBIDDEN_HEADER_PARAMETERS = ['crit', 'enc', 'zip'] as const;

/**
 * Rejects a JWS protected header that names JWE parameters (`enc`, `zip`: a JWE or a token
 * built to be confused with one) or critical extensions (`crit`, which the verifier does not
 * implement), with {@link AuthenticationError} `header_not_allowed` (RFC 8725 §2.8, §3.11).
 * The `typ` header is checked by jose with the claims.
 *
 * @example
 * ```ts
 * assertJwtHeader(jose.decodeProtectedHeader(token)); // throws on { alg: 'HS256', zip: 'DEF' }
 * ```
 */
export function assertJwtHeader(header: Readonly<Record<string, unknown>>): void {
  if (FORBIDDEN_HEADER_PARAMETERS.some((name) => Object.hasOwn(header, name))) {
    throw new AuthenticationError('header_not_allowed', { scheme: 'bearer' });
  }
}
