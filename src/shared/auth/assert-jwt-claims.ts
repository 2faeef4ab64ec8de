import type { JWTPayload } from 'jose';
import { AuthenticationError, type AuthenticationFailure } from './authentication-error.js';

/** Limits of {@link assertJwtClaims}. */
export interface JwtClaimsLimits {
  /** Longest lifetime accepted: `exp` − `iat`, and `exp` − now. */
  readonly maxLifetimeSeconds: number;
  /** Tolerated clock skew. */
  readonly clockToleranceSeconds: number;
}

/**
 * The checks jose leaves to the caller, run after it verified the signature and the standard
 * claims: `sub` is a non-blank string; `iat`, `exp` (and `nbf` when present) are finite numbers
 * with `nbf` ≤ `exp`; the lifetime (`exp` − `iat`, and `exp` from now) stays within
 * `maxLifetimeSeconds`, which rules out `exp: 1e300` (an Invalid Date) and tokens valid for
 * years. Throws {@link AuthenticationError} `claim_invalid` or `token_lifetime_too_long`.
 *
 * @example
 * ```ts
 * const { payload } = await jose.jwtVerify(token, key, options);
 * assertJwtClaims(payload, { maxLifetimeSeconds: 3600, clockToleranceSeconds: 30 }, Date.now() / 1000);
 * ```
 */
export function assertJwtClaims(
  payload: JWTPayload,
  limits: JwtClaimsLimits,
  nowSeconds: number,
): void {
  const { sub, iat, exp, nbf } = payload;
  if (typeof sub !== 'string' || sub.trim() === '') fail('claim_invalid');
  if (!isFiniteNumber(iat) || !isFiniteNumber(exp)) fail('claim_invalid');
  if (nbf !== undefined && (!isFiniteNumber(nbf) || nbf > exp)) fail('claim_invalid');
  const latestExp = nowSeconds + limits.maxLifetimeSeconds + limits.clockToleranceSeconds;
  if (exp - iat > limits.maxLifetimeSeconds || exp > latestExp) fail('token_lifetime_too_long');
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function fail(reason: AuthenticationFailure): never {
  throw new AuthenticationError(reason, { scheme: 'bearer' });
}
