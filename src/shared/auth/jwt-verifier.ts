import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { assertJwtClaims } from './assert-jwt-claims.js';
import { assertJwtHeader } from './assert-jwt-header.js';
import { AuthenticationError, type AuthenticationFailure } from './authentication-error.js';
import { createRemoteJwks } from './create-remote-jwks.js';
import {
  type JwtVerifierOptions,
  type ResolvedJwtVerifierOptions,
  resolveJwtVerifierOptions,
} from './jwt-verifier-options.js';
import { loadJose } from './load-jose.js';
import type { ServicePrincipal } from './principal.js';

export type { JwtVerifierOptions } from './jwt-verifier-options.js';

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

type VerificationKey = Uint8Array | JWTVerifyGetKey;

/**
 * Verifies service-to-service JWTs with jose, hardened per RFC 8725: signature against the
 * configured key source (an HMAC secret of RFC 7518 length that is not obviously weak, or
 * RS256/ES256 … through a JSON Web Key Set, local or remote with a timeout, a body-size cap,
 * cache and cooldown), the algorithm against an explicit allowlist (`alg: none` is never
 * accepted), the required `typ` (default `JWT`, so access tokens and DPoP proofs are refused),
 * no `crit`/`enc`/`zip` header, `exp`, `nbf`, `iat` (finite, bounded lifetime), `iss`, `aud`
 * and a non-empty string `sub` with a bounded clock skew, and the token and header sizes
 * before parsing. Bad options throw {@link InvalidJwtOptionsError} listing every problem at
 * construction. Every rejected token is an {@link AuthenticationError} (401) whose `reason` is
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
  readonly #options: ResolvedJwtVerifierOptions;
  #key: Promise<VerificationKey> | undefined;

  constructor(options: JwtVerifierOptions) {
    this.#options = resolveJwtVerifierOptions(options);
  }

  /**
   * Verifies `token` (the compact JWS, without `Bearer `) and returns the calling service,
   * or throws {@link AuthenticationError}.
   */
  async verify(token: string): Promise<ServicePrincipal> {
    const options = this.#options;
    if (token.length > options.maxTokenBytes) {
      throw new AuthenticationError('credentials_too_large', { scheme: 'bearer' });
    }
    if (!COMPACT_JWS.test(token)) {
      throw new AuthenticationError('malformed_credentials', { scheme: 'bearer' });
    }
    const headerSegment = token.slice(0, token.indexOf('.'));
    if (headerSegment.length > options.maxHeaderBytes) {
      throw new AuthenticationError('credentials_too_large', { scheme: 'bearer' });
    }
    const jose = await loadJose();
    let header: ReturnType<typeof jose.decodeProtectedHeader>;
    try {
      header = jose.decodeProtectedHeader(token);
    } catch {
      throw new AuthenticationError('malformed_credentials', { scheme: 'bearer' });
    }
    if (options.requireKeyId && (typeof header.kid !== 'string' || header.kid === '')) {
      throw new AuthenticationError('malformed_credentials', { scheme: 'bearer' });
    }
    assertJwtHeader(header);
    const currentDate = options.now?.() ?? new Date();
    let payload: JWTPayload;
    try {
      const key = await this.#resolveKey();
      const verifyOptions = {
        algorithms: [...options.algorithms],
        issuer: [...options.issuers],
        audience: [...options.audiences],
        typ: options.typ,
        clockTolerance: options.clockToleranceSeconds,
        maxTokenAge: options.maxTokenAgeSeconds,
        requiredClaims: ['exp', 'iat', 'sub'],
        currentDate,
      };
      const result =
        key instanceof Uint8Array
          ? await jose.jwtVerify(token, key, verifyOptions)
          : await jose.jwtVerify(token, key, verifyOptions);
      payload = result.payload;
    } catch (error) {
      throw new AuthenticationError(failureOf(error, options.keys.kind === 'remote'), {
        scheme: 'bearer',
      });
    }
    assertJwtClaims(payload, options, currentDate.getTime() / 1000);
    return toPrincipal(payload);
  }

  #resolveKey(): Promise<VerificationKey> {
    this.#key ??= this.#createKey();
    return this.#key;
  }

  async #createKey(): Promise<VerificationKey> {
    const { keys } = this.#options;
    if (keys.kind === 'secret') return keys.bytes;
    const jose = await loadJose();
    if (keys.kind === 'jwks') return jose.createLocalJWKSet(keys.jwks);
    return createRemoteJwks(jose, keys.url, keys);
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
  typ: 'wrong_token_type',
  nbf: 'token_not_yet_valid',
  aud: 'wrong_audience',
  iss: 'wrong_issuer',
};

function failureOf(error: unknown, remoteKeys: boolean): AuthenticationFailure {
  if (error instanceof AuthenticationError) return error.reason;
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
