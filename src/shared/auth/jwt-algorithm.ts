/** The JWS algorithms a {@link JwtVerifier} can be told to accept (`none` is not one of them). */
export type JwtAlgorithm =
  | 'HS256'
  | 'HS384'
  | 'HS512'
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'EdDSA';

const SYMMETRIC: ReadonlySet<string> = new Set(['HS256', 'HS384', 'HS512']);
const ASYMMETRIC: ReadonlySet<string> = new Set([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
]);

/**
 * True for the HMAC algorithms (a shared secret signs and verifies).
 *
 * @example
 * ```ts
 * isSymmetricAlgorithm('HS256'); // true
 * ```
 */
export function isSymmetricAlgorithm(algorithm: string): boolean {
  return SYMMETRIC.has(algorithm);
}

/**
 * True for the public-key algorithms (RSA, RSA-PSS, ECDSA, EdDSA).
 *
 * @example
 * ```ts
 * isAsymmetricAlgorithm('ES256'); // true
 * ```
 */
export function isAsymmetricAlgorithm(algorithm: string): boolean {
  return ASYMMETRIC.has(algorithm);
}
