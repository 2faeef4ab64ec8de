import { type BaltraErrorOptions, InfrastructureError } from '../../domain/errors.js';

/** Stable codes of {@link MetaGraphError}. */
export type MetaGraphErrorCode =
  | 'META_AUTH_FAILED'
  | 'META_UNAVAILABLE'
  | 'META_REQUEST_FAILED'
  | 'META_UNEXPECTED_RESPONSE';

/** Only an outage or a timeout is worth retrying; auth and request errors never are. */
const RETRYABLE: Readonly<Record<MetaGraphErrorCode, boolean>> = {
  META_AUTH_FAILED: false,
  META_UNAVAILABLE: true,
  META_REQUEST_FAILED: false,
  META_UNEXPECTED_RESPONSE: false,
};

/**
 * A Graph API call failed. `code`: `META_AUTH_FAILED` (token invalid or expired, missing
 * permission: never retried), `META_UNAVAILABLE` (5xx, a transient Graph error, a timeout or
 * a network failure: retryable), `META_REQUEST_FAILED` (any other Graph error) or
 * `META_UNEXPECTED_RESPONSE` (a body we cannot read). `context` carries the HTTP status and
 * Graph's `code`, `subcode` and `fbtraceId`; never the access token.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof MetaGraphError && error.code === 'META_AUTH_FAILED') await alertTokenExpired();
 * }
 * ```
 */
export class MetaGraphError extends InfrastructureError {
  declare readonly code: MetaGraphErrorCode;
  readonly retryable: boolean;

  constructor(
    code: MetaGraphErrorCode,
    message: string,
    options: Omit<BaltraErrorOptions, 'code'> = {},
  ) {
    super(message, { ...options, code });
    this.retryable = RETRYABLE[code];
  }
}
