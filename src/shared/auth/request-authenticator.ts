import { type HeaderBag, singleHeader } from '../http/header-bag.js';
import type { ApiKeyRegistry } from './api-key-registry.js';
import { AuthenticationError } from './authentication-error.js';
import type { JwtVerifier } from './jwt-verifier.js';
import type { Principal } from './principal.js';

/** Options of {@link RequestAuthenticator}. At least one of `apiKeys` and `jwt` is required. */
export interface RequestAuthenticatorOptions {
  /** Accept API keys in the `apiKeyHeader` header. */
  readonly apiKeys?: ApiKeyRegistry;
  /** Accept `Authorization: Bearer <jwt>`. */
  readonly jwt?: JwtVerifier;
  /** Default `x-api-key`. */
  readonly apiKeyHeader?: string;
  /** Longest credential header accepted, checked first; default 8 KiB. */
  readonly maxHeaderBytes?: number;
}

const BEARER = /^Bearer ([^\s,]+)$/i;

/**
 * Authenticates a request from its headers: `Authorization: Bearer <jwt>` through the
 * {@link JwtVerifier}, otherwise an API key in `x-api-key` through the {@link ApiKeyRegistry}.
 * Any other or repeated `Authorization` header, an oversized header, or no credentials at
 * all is an {@link AuthenticationError} (401). Framework-independent: the Express and
 * Fastify adapters call it.
 *
 * @example
 * ```ts
 * const authenticator = new RequestAuthenticator({ apiKeys: registry, jwt: verifier });
 * const principal = await authenticator.authenticate(req.headers);
 * assertScopes(principal, ['candidates:read']);
 * ```
 */
export class RequestAuthenticator {
  readonly #options: RequestAuthenticatorOptions;
  readonly #apiKeyHeader: string;
  readonly #maxHeaderBytes: number;

  constructor(options: RequestAuthenticatorOptions) {
    if (options.apiKeys === undefined && options.jwt === undefined) {
      throw new TypeError('RequestAuthenticator: configure apiKeys, jwt or both');
    }
    this.#options = options;
    this.#apiKeyHeader = (options.apiKeyHeader ?? 'x-api-key').toLowerCase();
    this.#maxHeaderBytes = options.maxHeaderBytes ?? 8192;
  }

  /** The caller's principal, or throws {@link AuthenticationError}. */
  async authenticate(headers: HeaderBag): Promise<Principal> {
    if (headers.authorization !== undefined) {
      return this.#bearer(singleHeader(headers, 'authorization'));
    }
    if (headers[this.#apiKeyHeader] !== undefined) {
      return this.#apiKey(singleHeader(headers, this.#apiKeyHeader));
    }
    throw new AuthenticationError('missing_credentials');
  }

  async #bearer(value: string | undefined): Promise<Principal> {
    const { jwt } = this.#options;
    if (value === undefined || jwt === undefined) {
      throw new AuthenticationError('malformed_credentials', { scheme: 'bearer' });
    }
    if (value.length > this.#maxHeaderBytes) {
      throw new AuthenticationError('credentials_too_large', { scheme: 'bearer' });
    }
    const match = BEARER.exec(value);
    if (match === null)
      throw new AuthenticationError('malformed_credentials', { scheme: 'bearer' });
    return jwt.verify(match[1] as string);
  }

  #apiKey(value: string | undefined): Principal {
    const { apiKeys } = this.#options;
    if (value === undefined || apiKeys === undefined) {
      throw new AuthenticationError('malformed_credentials', { scheme: 'api-key' });
    }
    if (value.length > this.#maxHeaderBytes) {
      throw new AuthenticationError('credentials_too_large', { scheme: 'api-key' });
    }
    return apiKeys.verify(value.trim());
  }
}
