import type { JWTVerifyGetKey } from 'jose';
import { AuthenticationError } from './authentication-error.js';
import type { JoseModule } from './load-jose.js';

/** Limits of a remote JSON Web Key Set fetch. */
export interface RemoteJwksLimits {
  /** Abort the fetch, body included, after this many milliseconds. */
  readonly timeoutMs: number;
  /** Abort the fetch once the body exceeds this many bytes. */
  readonly maxBytes: number;
  /** Use fetched keys this long before fetching again. */
  readonly cacheMaxAgeMs: number;
  /** Least time between two fetches caused by an unknown `kid`. */
  readonly cooldownMs: number;
}

/**
 * jose's `createRemoteJWKSet` (cache, cooldown, timeout) with a body-size cap: its custom fetch
 * hook streams the response and cancels it past `maxBytes` (or at once when `content-length`
 * announces more), so a hostile or broken key server cannot make the service buffer a huge
 * body. Past the cap, verification fails with {@link AuthenticationError} `key_set_too_large`.
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
  return jose.createRemoteJWKSet(url, {
    timeoutDuration: limits.timeoutMs,
    cacheMaxAge: limits.cacheMaxAgeMs,
    cooldownDuration: limits.cooldownMs,
    [jose.customFetch]: (resource, init) => fetchCapped(resource, init, limits.maxBytes),
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
