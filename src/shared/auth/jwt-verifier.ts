import type { JSONWebKeySet, JWTPayload, JWTVerifyGetKey } from 'jose';
import { AuthenticationError, type AuthenticationFailure } from './authentication-error.js';
import { isAsymmetricAlgorithm, isSymmetricAlgorithm, type JwtAlgorithm } from './jwt-algorithm.js';
import { loadJose } from './load-jose.js';
import type { ServicePrincipal } from './principal.js';

/** Options of {@link JwtVerifier}. Exactly one of `secret`, `jwks` and `jwksUrl` is required. */
export interface JwtVerifierOptions {
  /** Accepted `iss` value(s); required. */
  readonly issuer: string | readonly string[];
  /** Accepted `aud` value(s) — this service's name; required. */
  readonly audience: string | readonly string[];
  /**
   * The explicit algorithm allowlist. HMAC algorithms (HS*) only with `secret`; public-key
   * algorithms (RS*, PS*, ES*, EdDSA) only with a JWKS — never both, which rules out
   * algorithm-confusion attacks by construction.
   */
  readonly algorithms: readonly JwtAlgorithm[];
  /** Shared HMAC secret, at least 32 bytes. */
  readonly secret?: string | Uint8Array;
  /** A local JSON Web Key Set of public keys. */
  readonly jwks?: JSONWebKeySet;
  /** Where to fetch the JSON Web Key Set (https, or http on loopback). Cached by jose. */
  readonly jwksUrl?: string | URL;
  /** Timeout of a JWKS fetch; default 5 s. */
  readonly jwksTimeoutMs?: number;
  /** Tolerated clock skew on `exp`, `nbf` and `iat`; default 30 s, at most 300 s. */
  readonly clockToleranceSeconds?: number;
  /** Oldest acceptable `iat`; default 3600 s (service tokens are short-lived). */
  readonly maxTokenAgeSeconds?: number;
  /** Longest token accepted, checked before any parsing; default 8 KiB. */
  readonly maxTokenBytes?: number;
  /** Longest encoded JOSE header accepted; default 1 KiB. */
  readonly maxHeaderBytes?: number;
  /** Require a `kid` header; default true with a JWKS (to pick the key unambiguously). */
  readonly requireKeyId?: boolean;
  /** Clock for claim checks; default the system clock. */
  readonly now?: () => Date;
}

const MAX_CLOCK_TOLERANCE_SECONDS = 300;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

type VerificationKey = Uint8Array | JWTVerifyGetKey;

/**
 * Verifies service-to-service JWTs with jose: signature against the configured key source
 * (HS256 shared secret, or RS256/ES256 … through a JSON Web Key Set, local or remote), the
 * algorithm against an explicit allowlist (`alg: none` is never accepted), `exp`, `nbf`,
 * `iat`, `iss`, `aud` and `sub` with a bounded clock skew, and the token and header sizes
 * before parsing. Every failure is an {@link AuthenticationError} (401) whose `reason` is
 * for logs; the token never appears in an error.
 *
 * @example
 * ```ts
 * const verifier = new JwtVerifier({
 *   issuer: 'https://auth.baltra.internal',
 *   audience: 'candidates-api',
 *   algorithms: ['RS256', 'ES256'],
 *   jwksUrl: 'https://auth.baltra.internal/.well-known/jwks.json',
 * });
 * const principal = await verifier.verify(bearerToken); // { kind: 'service', subject, scopes, … }
 * ```
 */
export class JwtVerifier {
  readonly #options: JwtVerifierOptions;
  readonly #algorithms: string[];
  readonly #clockTolerance: number;
  readonly #maxTokenBytes: number;
  readonly #maxHeaderBytes: number;
  readonly #requireKeyId: boolean;
  #key: Promise<VerificationKey> | undefined;

  constructor(options: JwtVerifierOptions) {
    const sources = [options.secret, options.jwks, options.jwksUrl].filter((s) => s !== undefined);
    if (sources.length !== 1) {
      throw new TypeError('JwtVerifier: give exactly one of secret, jwks and jwksUrl');
    }
    if (options.algorithms.length === 0) {
      throw new TypeError('JwtVerifier: algorithms must list at least one algorithm');
    }
    const symmetricSource = options.secret !== undefined;
    for (const algorithm of options.algorithms as readonly string[]) {
      const fits = symmetricSource
        ? isSymmetricAlgorithm(algorithm)
        : isAsymmetricAlgorithm(algorithm);
      if (!fits) {
        throw new TypeError(
          `JwtVerifier: algorithm "${algorithm}" cannot be used with ${symmetricSource ? 'a shared secret' : 'a JWKS'}`,
        );
      }
    }
    if (options.secret !== undefined && secretBytes(options.secret).byteLength < 32) {
      throw new RangeError('JwtVerifier: the HMAC secret must be at least 32 bytes');
    }
    if (options.jwksUrl !== undefined) assertJwksUrl(new URL(options.jwksUrl));
    requireNonEmpty('issuer', options.issuer);
    requireNonEmpty('audience', options.audience);
    this.#clockTolerance = options.clockToleranceSeconds ?? 30;
    if (
      !Number.isFinite(this.#clockTolerance) ||
      this.#clockTolerance < 0 ||
      this.#clockTolerance > MAX_CLOCK_TOLERANCE_SECONDS
    ) {
      throw new RangeError(
        `JwtVerifier: clockToleranceSeconds must be between 0 and ${MAX_CLOCK_TOLERANCE_SECONDS}`,
      );
    }
    this.#options = options;
    this.#algorithms = [...options.algorithms];
    this.#maxTokenBytes = options.maxTokenBytes ?? 8192;
    this.#maxHeaderBytes = options.maxHeaderBytes ?? 1024;
    this.#requireKeyId = options.requireKeyId ?? !symmetricSource;
  }

  /**
   * Verifies `token` (the compact JWS, without `Bearer `) and returns the calling service,
   * or throws {@link AuthenticationError}.
   */
  async verify(token: string): Promise<ServicePrincipal> {
    if (token.length > this.#maxTokenBytes) {
      throw new AuthenticationError('credentials_too_large', { scheme: 'bearer' });
    }
    if (!COMPACT_JWS.test(token)) {
      throw new AuthenticationError('malformed_credentials', { scheme: 'bearer' });
    }
    const headerSegment = token.slice(0, token.indexOf('.'));
    if (headerSegment.length > this.#maxHeaderBytes) {
      throw new AuthenticationError('credentials_too_large', { scheme: 'bearer' });
    }
    const jose = await loadJose();
    let header: ReturnType<typeof jose.decodeProtectedHeader>;
    try {
      header = jose.decodeProtectedHeader(token);
    } catch {
      throw new AuthenticationError('malformed_credentials', { scheme: 'bearer' });
    }
    if (this.#requireKeyId && (typeof header.kid !== 'string' || header.kid === '')) {
      throw new AuthenticationError('malformed_credentials', { scheme: 'bearer' });
    }
    let payload: JWTPayload;
    try {
      const key = await this.#resolveKey();
      const options = {
        algorithms: this.#algorithms,
        issuer: asList(this.#options.issuer),
        audience: asList(this.#options.audience),
        clockTolerance: this.#clockTolerance,
        maxTokenAge: this.#options.maxTokenAgeSeconds ?? 3600,
        requiredClaims: ['exp', 'iat', 'sub'],
        ...(this.#options.now === undefined ? {} : { currentDate: this.#options.now() }),
      };
      const result =
        key instanceof Uint8Array
          ? await jose.jwtVerify(token, key, options)
          : await jose.jwtVerify(token, key, options);
      payload = result.payload;
    } catch (error) {
      throw new AuthenticationError(failureOf(error, this.#options.jwksUrl !== undefined), {
        scheme: 'bearer',
      });
    }
    return toPrincipal(payload);
  }

  #resolveKey(): Promise<VerificationKey> {
    this.#key ??= this.#createKey();
    return this.#key;
  }

  async #createKey(): Promise<VerificationKey> {
    const { secret, jwks, jwksUrl, jwksTimeoutMs } = this.#options;
    if (secret !== undefined) return secretBytes(secret);
    const jose = await loadJose();
    if (jwks !== undefined) return jose.createLocalJWKSet(jwks);
    return jose.createRemoteJWKSet(new URL(jwksUrl as string | URL), {
      timeoutDuration: jwksTimeoutMs ?? 5000,
    });
  }
}

function secretBytes(secret: string | Uint8Array): Uint8Array {
  return typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
}

function asList(value: string | readonly string[]): string[] {
  return typeof value === 'string' ? [value] : [...value];
}

function requireNonEmpty(name: string, value: string | readonly string[]): void {
  if (asList(value).filter((item) => item !== '').length === 0) {
    throw new TypeError(`JwtVerifier: ${name} is required`);
  }
}

function assertJwksUrl(url: URL): void {
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new TypeError('JwtVerifier: jwksUrl must use https (http only on loopback)');
  }
}

const FAILURE_BY_CODE: Readonly<Record<string, AuthenticationFailure>> = {
  ERR_JWT_EXPIRED: 'token_expired',
  ERR_JOSE_ALG_NOT_ALLOWED: 'algorithm_not_allowed',
  ERR_JOSE_NOT_SUPPORTED: 'algorithm_not_allowed',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'bad_signature',
  ERR_JWKS_NO_MATCHING_KEY: 'unknown_key',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'unknown_key',
  ERR_JWKS_TIMEOUT: 'key_set_unavailable',
  ERR_JWKS_INVALID: 'key_set_unavailable',
  ERR_JWS_INVALID: 'malformed_credentials',
  ERR_JWT_INVALID: 'malformed_credentials',
};

const FAILURE_BY_CLAIM: Readonly<Record<string, AuthenticationFailure>> = {
  nbf: 'token_not_yet_valid',
  aud: 'wrong_audience',
  iss: 'wrong_issuer',
};

function failureOf(error: unknown, remoteKeys: boolean): AuthenticationFailure {
  const { code, claim } = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    claim?: unknown;
  };
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    return (typeof claim === 'string' ? FAILURE_BY_CLAIM[claim] : undefined) ?? 'claim_invalid';
  }
  const known = typeof code === 'string' ? FAILURE_BY_CODE[code] : undefined;
  if (known !== undefined) return known;
  if (typeof code === 'string' && code !== 'ERR_JOSE_GENERIC') return 'invalid_token';
  // Generic JOSE errors and plain errors come from fetching the key set (HTTP status, network).
  return remoteKeys ? 'key_set_unavailable' : 'invalid_token';
}

function toPrincipal(payload: JWTPayload): ServicePrincipal {
  return {
    kind: 'service',
    subject: payload.sub as string,
    issuer: payload.iss as string,
    scopes: Object.freeze(scopesOf(payload)),
    ...(typeof payload.jti === 'string' ? { tokenId: payload.jti } : {}),
    expiresAt: new Date((payload.exp as number) * 1000),
  };
}

function scopesOf(payload: JWTPayload): string[] {
  const raw = payload.scope ?? payload.scp;
  if (typeof raw === 'string') return raw.split(' ').filter((scope) => scope !== '');
  if (Array.isArray(raw)) return raw.filter((scope): scope is string => typeof scope === 'string');
  return [];
}
