import type { JWTVerifyGetKey } from 'jose';
import { AuthenticationError, type AuthenticationFailure } from './authentication-error.js';
import type { JoseModule } from './load-jose.js';

/** Limits of a remote JSON Web Key Set fetch. */
export interface RemoteJwksLimits {
  /** Abort the fetch, body included, after this many milliseconds. */
  readonly timeoutMs: number;
  /** Abort the fetch once the body exceeds this many bytes. */
  readonly maxBytes: number;
  /** Use fetched keys this long before fetching again. */
  readonly cacheMaxAgeMs: number;
  /**
   * Least time between two fetches caused by an unknown `kid`, and how long a failed fetch
   * (network error, timeout, non-200, body over the cap) is remembered before trying again.
   */
  readonly cooldownMs: number;
}

/**
 * jose's `createRemoteJWKSet` (cache, cooldown, timeout) with a body-size cap: its custom fetch
 * hook streams the response and cancels it past `maxBytes` (or at once when `content-length`
 * announces more), so a hostile or broken key server cannot make the service buffer a huge
 * body. Past the cap, verification fails with {@link AuthenticationError} `key_set_too_large`.
 * A failed fetch is remembered for `cooldownMs`: until then, requests that need the key set
 * fail at once with the same reason instead of each fetching again (jose itself keeps no such
 * back-off), so a broken key server is not hit once per incoming request.
 *
 * @example
 * ```ts
 * const getKey = createRemoteJwks(await loadJose(), new URL('https://auth.example/jwks.json'), {
 *   timeoutMs: 5000, maxBytes: 1024 * 1024, cacheMaxAgeMs: 600_000, cooldownMs: 30_000,
 * });
 * await jose.jwtVerify(token, getKey, { algorithms: ['ES256'] });
 * ```
 */
export function createRemoteJwks(
  jose: JoseModule,
  url: URL,
  limits: RemoteJwksLimits,
): JWTVerifyGetKey {
  let failedUntil = 0;
  let lastFailure: AuthenticationFailure = 'key_set_unavailable';
  const remember = (reason: AuthenticationFailure) => {
    lastFailure = reason;
    failedUntil = Date.now() + limits.cooldownMs;
  };
  return jose.createRemoteJWKSet(url, {
    timeoutDuration: limits.timeoutMs,
    cacheMaxAge: limits.cacheMaxAgeMs,
    cooldownDuration: limits.cooldownMs,
    [jose.customFetch]: async (resource, init) => {
      const retryInMs = failedUntil - Date.now();
      if (retryInMs > 0)
        throw new AuthenticationError(lastFailure, { scheme: 'bearer', retryInMs });
      try {
        const response = await fetchCapped(resource, init, limits.maxBytes);
        if (response.status !== 200) remember('key_set_unavailable');
        return response;
      } catch (error) {
        remember(error instanceof AuthenticationError ? error.reason : 'key_set_unavailable');
        throw error;
      }
    },
  });
}

async function fetchCapped(
  resource: string,
  init: RequestInit,
  maxBytes: number,
): Promise<Response> {
  const response = await fetch(resource, init);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (response.status !== 200 || response.body === null || declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    if (declared > maxBytes) throw tooLarge(maxBytes);
    return new Response(null, { status: response.status, statusText: response.statusText });
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return new Response(Buffer.concat(chunks), {
    status: 200,
    headers: { 'content-type': response.headers.get('content-type') ?? 'application/json' },
  });
}

function tooLarge(maxBytes: number): AuthenticationError {
  return new AuthenticationError('key_set_too_large', { scheme: 'bearer', maxBytes });
}
