import { EdgeError } from '../http/edge-error.js';

/**
 * Why credentials were rejected: logged (never sent to the caller), never containing the
 * credential itself.
 */
export type AuthenticationFailure =
  | 'missing_credentials'
  | 'malformed_credentials'
  | 'credentials_too_large'
  | 'unknown_key'
  | 'wrong_key'
  | 'key_revoked'
  | 'key_expired'
  | 'algorithm_not_allowed'
  | 'wrong_token_type'
  | 'header_not_allowed'
  | 'bad_signature'
  | 'token_expired'
  | 'token_not_yet_valid'
  | 'token_lifetime_too_long'
  | 'wrong_audience'
  | 'wrong_issuer'
  | 'claim_invalid'
  | 'key_set_unavailable'
  | 'key_set_too_large'
  | 'invalid_token';

/**
 * The request carries no credentials, or credentials that are not valid. Code
 * `UNAUTHENTICATED` (HTTP 401). The message is the same for every failure, so callers learn
 * nothing about which check failed; `reason` says it for the logs. Never carries the token
 * or key, nor the verifier's error as `cause`.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof AuthenticationError) log.warn('rejected credentials', { reason: error.reason });
 * }
 * ```
 */
export class AuthenticationError extends EdgeError {
  readonly code = 'UNAUTHENTICATED';
  readonly status = 401;
  readonly retryable = false;
  readonly reason: AuthenticationFailure;

  constructor(reason: AuthenticationFailure, context: Readonly<Record<string, unknown>> = {}) {
    super('Missing or invalid credentials', { context: { reason, ...context } });
    this.reason = reason;
  }
}
