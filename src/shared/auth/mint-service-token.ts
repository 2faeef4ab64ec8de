import { randomUUID } from 'node:crypto';
import type { CryptoKey, JWK, KeyObject } from 'jose';
import { checkHmacKeyStrength } from './hmac-key-strength.js';
import { InvalidJwtOptionsError } from './invalid-jwt-options-error.js';
import { isSymmetricAlgorithm, type JwtAlgorithm } from './jwt-algorithm.js';
import { loadJose } from './load-jose.js';

/** Longest lifetime a minted service token may have. */
export const MAX_SERVICE_TOKEN_TTL_SECONDS = 900;

/** Options of {@link mintServiceToken}. */
export interface MintServiceTokenOptions {
  readonly algorithm: JwtAlgorithm;
  /**
   * HS*: the shared secret (string or bytes, at least 32/48/64 bytes for HS256/384/512, and
   * not obviously weak: see {@link checkHmacKeyStrength}). Others: the private key — a
   * PKCS#8 PEM string, a `CryptoKey`, a `KeyObject` or a private JWK.
   */
  readonly key: string | Uint8Array | CryptoKey | KeyObject | JWK;
  /** `kid` header, so the receiver picks the right key from its JWKS. */
  readonly keyId?: string;
  /** `iss`: who issues the token (usually the calling service or the auth service). */
  readonly issuer: string;
  /** `aud`: the service being called. */
  readonly audience: string | readonly string[];
  /** `sub`: the calling service. */
  readonly subject: string;
  /** Written as the space-separated `scope` claim. */
  readonly scopes?: readonly string[];
  /** Lifetime; default 60 s, at most {@link MAX_SERVICE_TOKEN_TTL_SECONDS}. */
  readonly ttlSeconds?: number;
  /** Extra private claims (registered claims cannot be overridden). */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Clock; default the system clock. */
  readonly now?: () => Date;
}

/**
 * Mints a short-lived JWT for an outgoing service-to-service call, with `iss`, `sub`, `aud`,
 * `scope`, `iat`, `nbf`, `exp` and a random `jti`, typed `JWT`, signed with jose. An HMAC key the
 * {@link JwtVerifier} would refuse (too short for the algorithm, or weak) throws
 * {@link InvalidJwtOptionsError}.
 *
 * @example
 * ```ts
 * const token = await mintServiceToken({
 *   algorithm: 'HS256', key: settings.serviceTokenSecret,
 *   issuer: 'lead-ingestion', subject: 'lead-ingestion', audience: 'candidates-api',
 *   scopes: ['candidates:write'], ttlSeconds: 60,
 * });
 * await fetch(url, { headers: { authorization: `Bearer ${token}` } });
 * ```
 */
export async function mintServiceToken(options: MintServiceTokenOptions): Promise<string> {
  const ttl = options.ttlSeconds ?? 60;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_SERVICE_TOKEN_TTL_SECONDS) {
    throw new RangeError(
      `mintServiceToken: ttlSeconds must be an integer from 1 to ${MAX_SERVICE_TOKEN_TTL_SECONDS}`,
    );
  }
  const jose = await loadJose();
  const key = await signingKey(jose, options);
  const issuedAt = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  const header = {
    alg: options.algorithm,
    typ: 'JWT',
    ...(options.keyId === undefined ? {} : { kid: options.keyId }),
  };
  const scopes = options.scopes ?? [];
  return new jose.SignJWT({
    ...options.claims,
    ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}),
  })
    .setProtectedHeader(header)
    .setIssuer(options.issuer)
    .setSubject(options.subject)
    .setAudience([
      ...(typeof options.audience === 'string' ? [options.audience] : options.audience),
    ])
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(issuedAt + ttl)
    .setJti(randomUUID())
    .sign(key);
}

async function signingKey(
  jose: Awaited<ReturnType<typeof loadJose>>,
  options: MintServiceTokenOptions,
): Promise<Uint8Array | CryptoKey | KeyObject | JWK> {
  const { key, algorithm } = options;
  if (isSymmetricAlgorithm(algorithm)) {
    if (typeof key !== 'string' && !(key instanceof Uint8Array)) {
      throw new TypeError(`mintServiceToken: ${algorithm} needs a shared secret`);
    }
    const problems = checkHmacKeyStrength(key, [algorithm]);
    if (problems.length > 0) throw new InvalidJwtOptionsError('mintServiceToken', problems);
    return typeof key === 'string' ? new TextEncoder().encode(key) : key;
  }
  if (key instanceof Uint8Array) {
    throw new TypeError(`mintServiceToken: ${algorithm} needs a private key, not a secret`);
  }
  return typeof key === 'string' ? jose.importPKCS8(key, algorithm) : key;
}
