import { type MintServiceTokenOptions, mintServiceToken } from './mint-service-token.js';

/** Returns a valid bearer token for outgoing calls (cached, re-minted before it expires). */
export type ServiceTokenProvider = () => Promise<string>;

/** Options of {@link createServiceTokenProvider}. */
export interface ServiceTokenProviderOptions extends MintServiceTokenOptions {
  /** Re-mint when the cached token has fewer seconds left than this; default 10. */
  readonly refreshBeforeSeconds?: number;
}

/**
 * A {@link ServiceTokenProvider} that mints a short-lived service token with
 * {@link mintServiceToken} and reuses it until `refreshBeforeSeconds` before it expires.
 * Concurrent callers share one minting. Starts no timer.
 *
 * @example
 * ```ts
 * const tokenProvider = createServiceTokenProvider({
 *   algorithm: 'HS256', key: secret, issuer: 'lead-ingestion', subject: 'lead-ingestion',
 *   audience: 'candidates-api', ttlSeconds: 120,
 * });
 * const client = createServiceClient({ baseUrl: 'http://candidates-api', tokenProvider });
 * ```
 */
export function createServiceTokenProvider(
  options: ServiceTokenProviderOptions,
): ServiceTokenProvider {
  const ttlMs = (options.ttlSeconds ?? 60) * 1000;
  const refreshMs = Math.min((options.refreshBeforeSeconds ?? 10) * 1000, ttlMs / 2);
  const now = () => (options.now?.() ?? new Date()).getTime();
  let cached: { token: Promise<string>; renewAt: number } | undefined;
  return () => {
    if (cached === undefined || now() >= cached.renewAt) {
      const token = mintServiceToken(options);
      const entry = { token, renewAt: now() + ttlMs - refreshMs };
      cached = entry;
      // A failed minting is not cached.
      token.catch(() => {
        if (cached === entry) cached = undefined;
      });
    }
    return cached.token;
  };
}
