import type { JSONWebKeySet } from 'jose';
import { checkHmacKeyStrength } from './hmac-key-strength.js';
import { InvalidJwtOptionsError } from './invalid-jwt-options-error.js';
import { isAsymmetricAlgorithm, isSymmetricAlgorithm, type JwtAlgorithm } from './jwt-algorithm.js';

/** Options of {@link JwtVerifier}. Exactly one of `secret`, `jwks` and `jwksUrl` is required. */
export interface JwtVerifierOptions {
  /** Accepted `iss` value(s); required, none empty. */
  readonly issuer: string | readonly string[];
  /** Accepted `aud` value(s) — this service's name; required, none empty. */
  readonly audience: string | readonly string[];
  /**
   * The explicit algorithm allowlist. HMAC algorithms (HS*) only with `secret`; public-key
   * algorithms (RS*, PS*, ES*, EdDSA) only with a JWKS — never both, which rules out
   * algorithm-confusion attacks by construction.
   */
  readonly algorithms: readonly JwtAlgorithm[];
  /**
   * The required `typ` header (RFC 8725 §3.11), compared as jose does (case-insensitive, an
   * `application/` prefix optional); default `JWT`. Set `at+jwt` to accept OAuth access tokens
   * (RFC 9068) instead.
   */
  readonly typ?: string;
  /**
   * Shared HMAC secret: at least 32/48/64 bytes for HS256/384/512 (RFC 7518), and not an
   * obviously weak one (a repeated pattern, common words, low entropy).
   */
  readonly secret?: string | Uint8Array;
  /** A local JSON Web Key Set of public keys. */
  readonly jwks?: JSONWebKeySet;
  /** Where to fetch the JSON Web Key Set: https (http only on loopback), no credentials. */
  readonly jwksUrl?: string | URL;
  /** Timeout of a JWKS fetch, body included; default 5000 ms, 1 to 60 000. */
  readonly jwksTimeoutMs?: number;
  /** Largest JWKS response read (the fetch is aborted past it); default 1 MiB, at most 16 MiB. */
  readonly jwksMaxBytes?: number;
  /** How long fetched keys are used before a refetch; default 600 000 ms (10 min), at most 1 day. */
  readonly jwksCacheMaxAgeMs?: number;
  /** Least time between two fetches caused by an unknown `kid`; default 30 000 ms, at most 1 h. */
  readonly jwksCooldownMs?: number;
  /** Tolerated clock skew on `exp`, `nbf` and `iat`; default 30 s, at most 300 s. */
  readonly clockToleranceSeconds?: number;
  /** Oldest acceptable `iat`; default 3600 s (service tokens are short-lived), at most 1 day. */
  readonly maxTokenAgeSeconds?: number;
  /** Longest lifetime accepted (`exp` − `iat`, and `exp` from now); default 3600 s, at most 1 day. */
  readonly maxLifetimeSeconds?: number;
  /** Longest token accepted, checked before any parsing; default 8 KiB, 512 B to 64 KiB. */
  readonly maxTokenBytes?: number;
  /** Longest encoded JOSE header accepted; default 1 KiB, 64 B to 8 KiB. */
  readonly maxHeaderBytes?: number;
  /** Require a `kid` header; default true with a JWKS (to pick the key unambiguously). */
  readonly requireKeyId?: boolean;
  /** Clock for claim checks; default the system clock. */
  readonly now?: () => Date;
}

/** Where the verification keys come from, validated. */
export type JwtKeySource =
  | { readonly kind: 'secret'; readonly bytes: Uint8Array }
  | { readonly kind: 'jwks'; readonly jwks: JSONWebKeySet }
  | {
      readonly kind: 'remote';
      readonly url: URL;
      readonly timeoutMs: number;
      readonly maxBytes: number;
      readonly cacheMaxAgeMs: number;
      readonly cooldownMs: number;
    };

/** {@link JwtVerifierOptions} validated, with every default applied. */
export interface ResolvedJwtVerifierOptions {
  readonly issuers: readonly string[];
  readonly audiences: readonly string[];
  readonly algorithms: readonly string[];
  readonly typ: string;
  readonly keys: JwtKeySource;
  readonly clockToleranceSeconds: number;
  readonly maxTokenAgeSeconds: number;
  readonly maxLifetimeSeconds: number;
  readonly maxTokenBytes: number;
  readonly maxHeaderBytes: number;
  readonly requireKeyId: boolean;
  readonly now: (() => Date) | undefined;
}

interface Bound {
  readonly fallback: number;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

const DAY = 86_400;
const MIB = 1024 * 1024;
const BOUNDS = {
  clockToleranceSeconds: { fallback: 30, min: 0, max: 300, integer: false },
  maxTokenAgeSeconds: { fallback: 3600, min: 1, max: DAY, integer: false },
  maxLifetimeSeconds: { fallback: 3600, min: 1, max: DAY, integer: false },
  maxTokenBytes: { fallback: 8192, min: 512, max: 65_536, integer: true },
  maxHeaderBytes: { fallback: 1024, min: 64, max: 8192, integer: true },
  jwksTimeoutMs: { fallback: 5000, min: 1, max: 60_000, integer: true },
  jwksMaxBytes: { fallback: MIB, min: 1024, max: 16 * MIB, integer: true },
  jwksCacheMaxAgeMs: { fallback: 600_000, min: 1000, max: DAY * 1000, integer: true },
  jwksCooldownMs: { fallback: 30_000, min: 0, max: 3_600_000, integer: true },
} as const satisfies Record<string, Bound>;
type BoundedOption = keyof typeof BOUNDS;

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '[::1]']);
const TOKEN_TYPE = /^[\x21-\x7e]{1,64}$/;

/**
 * Validates {@link JwtVerifierOptions} and applies the defaults, or throws one
 * {@link InvalidJwtOptionsError} listing every problem (never the secret).
 *
 * @example
 * ```ts
 * const resolved = resolveJwtVerifierOptions({ issuer, audience, algorithms: ['ES256'], jwksUrl });
 * resolved.keys.kind; // 'remote'
 * ```
 */
export function resolveJwtVerifierOptions(options: JwtVerifierOptions): ResolvedJwtVerifierOptions {
  const problems: string[] = [];
  const issuers = nonEmptyList('issuer', options.issuer, problems);
  const audiences = nonEmptyList('audience', options.audience, problems);
  const typ = options.typ ?? 'JWT';
  if (typeof typ !== 'string' || !TOKEN_TYPE.test(typ)) {
    problems.push('typ must be a media type such as JWT or at+jwt (1 to 64 visible characters)');
  }
  const numbers = Object.fromEntries(
    (Object.keys(BOUNDS) as BoundedOption[]).map((name) => [
      name,
      bounded(name, options, problems),
    ]),
  ) as Record<BoundedOption, number>;
  if (numbers.maxHeaderBytes > numbers.maxTokenBytes) {
    problems.push('maxHeaderBytes must not exceed maxTokenBytes');
  }
  const keys = keySource(options, numbers, problems);
  if (problems.length > 0) throw new InvalidJwtOptionsError('JwtVerifier', problems);
  return {
    issuers,
    audiences,
    algorithms: [...options.algorithms],
    typ,
    keys: keys as JwtKeySource,
    clockToleranceSeconds: numbers.clockToleranceSeconds,
    maxTokenAgeSeconds: numbers.maxTokenAgeSeconds,
    maxLifetimeSeconds: numbers.maxLifetimeSeconds,
    maxTokenBytes: numbers.maxTokenBytes,
    maxHeaderBytes: numbers.maxHeaderBytes,
    requireKeyId: options.requireKeyId ?? options.secret === undefined,
    now: options.now,
  };
}

function nonEmptyList(
  name: string,
  value: string | readonly string[],
  problems: string[],
): string[] {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? [...value] : [];
  if (list.length === 0 || list.some((item) => typeof item !== 'string' || item.trim() === '')) {
    problems.push(`${name} is required: one or more non-empty strings`);
  }
  return list;
}

function bounded(name: BoundedOption, options: JwtVerifierOptions, problems: string[]): number {
  const { fallback, min, max, integer } = BOUNDS[name];
  const value = options[name] ?? fallback;
  const fits =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= min &&
    value <= max &&
    (!integer || Number.isInteger(value));
  if (!fits) {
    problems.push(
      `${name} must be ${integer ? 'a whole number' : 'a number'} between ${min} and ${max}, not ${String(value)}`,
    );
    return fallback;
  }
  return value;
}

function keySource(
  options: JwtVerifierOptions,
  numbers: Record<BoundedOption, number>,
  problems: string[],
): JwtKeySource | undefined {
  const { secret, jwks, jwksUrl, algorithms } = options;
  const given = [secret, jwks, jwksUrl].filter((source) => source !== undefined).length;
  if (given !== 1) {
    problems.push('give exactly one of secret, jwks and jwksUrl');
    return undefined;
  }
  if (!Array.isArray(algorithms) || algorithms.length === 0) {
    problems.push('algorithms must list at least one algorithm');
  }
  const symmetric = secret !== undefined;
  for (const algorithm of (algorithms ?? []) as readonly string[]) {
    if (!(symmetric ? isSymmetricAlgorithm(algorithm) : isAsymmetricAlgorithm(algorithm))) {
      problems.push(
        `algorithm "${algorithm}" cannot be used with ${symmetric ? 'a shared secret' : 'a JWKS'}`,
      );
    }
  }
  if (secret !== undefined) {
    if (typeof secret !== 'string' && !(secret instanceof Uint8Array)) {
      problems.push('secret must be a string or bytes');
      return undefined;
    }
    problems.push(...checkHmacKeyStrength(secret, algorithms ?? []));
    const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
    return { kind: 'secret', bytes };
  }
  if (jwks !== undefined) return { kind: 'jwks', jwks };
  const url = jwksUrlOf(jwksUrl as string | URL, problems);
  if (url === undefined) return undefined;
  return {
    kind: 'remote',
    url,
    timeoutMs: numbers.jwksTimeoutMs,
    maxBytes: numbers.jwksMaxBytes,
    cacheMaxAgeMs: numbers.jwksCacheMaxAgeMs,
    cooldownMs: numbers.jwksCooldownMs,
  };
}

function jwksUrlOf(value: string | URL, problems: string[]): URL | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push('jwksUrl must be an absolute URL');
    return undefined;
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127(\.\d{1,3}){3}$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    problems.push('jwksUrl must use https (http only on loopback)');
  }
  if (url.username !== '' || url.password !== '') {
    problems.push('jwksUrl must not carry credentials (a user name or password)');
  }
  return url;
}
