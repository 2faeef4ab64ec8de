import { DuplicateHeaderError } from '../http/duplicate-header-error.js';
import { type HeaderBag, singleHeader } from '../http/header-bag.js';
import { countRawHeader } from '../http/raw-header-count.js';
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
 * A repeated `Authorization` or API-key header is a {@link DuplicateHeaderError} (400): pass
 * Node's `req.rawHeaders` to see the repeats `req.headers` hides (Node keeps only the first
 * `Authorization` and joins repeated custom headers with `, `). Any other `Authorization`
 * scheme, an oversized header, or no credentials at all is an {@link AuthenticationError}
 * (401). Framework-independent: the Express and Fastify adapters call it.
 *
 * @example
 * ```ts
 * const authenticator = new RequestAuthenticator({ apiKeys: registry, jwt: verifier });
 * const principal = await authenticator.authenticate(req.headers, req.rawHeaders);
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

  /** The lower-case name of the header that carries API keys (default `x-api-key`). */
  get apiKeyHeader(): string {
    return this.#apiKeyHeader;
  }

  /**
   * The caller's principal, or throws {@link AuthenticationError} (401) or
   * {@link DuplicateHeaderError} (400). `rawHeaders` (Node's `req.rawHeaders`), when given, is
   * where repeated credential headers are counted.
   */
  async authenticate(headers: HeaderBag, rawHeaders?: readonly string[]): Promise<Principal> {
    const authorization = this.#single(headers, rawHeaders, 'authorization');
    if (authorization !== undefined) return this.#bearer(authorization);
    const apiKey = this.#single(headers, rawHeaders, this.#apiKeyHeader);
    if (apiKey !== undefined) return this.#apiKey(apiKey);
    throw new AuthenticationError('missing_credentials');
  }

  /** The header's one value; `undefined` when absent; throws when it is repeated. */
  #single(
    headers: HeaderBag,
    rawHeaders: readonly string[] | undefined,
    name: string,
  ): string | undefined {
    const value = headers[name];
    if (value === undefined) return undefined;
    const count = Math.max(
      typeof value === 'string' ? 1 : value.length,
      rawHeaders === undefined ? 0 : countRawHeader(rawHeaders, name),
    );
    if (count > 1) throw new DuplicateHeaderError(name, count);
    return singleHeader(headers, name) ?? '';
  }

  async #bearer(value: string): Promise<Principal> {
    const { jwt } = this.#options;
    if (jwt === undefined) {
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

  #apiKey(value: string): Principal {
    const { apiKeys } = this.#options;
    if (apiKeys === undefined) {
      throw new AuthenticationError('malformed_credentials', { scheme: 'api-key' });
    }
    if (value.length > this.#maxHeaderBytes) {
      throw new AuthenticationError('credentials_too_large', { scheme: 'api-key' });
    }
    return apiKeys.verify(value.trim());
  }
}
