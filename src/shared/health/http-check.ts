import type { HealthCheck } from './health-check.js';

/** Options of {@link httpCheck}. */
export interface HttpCheckOptions {
  /** Statuses that mean healthy; default any 2xx. */
  readonly expectStatus?: (status: number) => boolean;
  /** Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Extra request headers (an API key for a protected health endpoint, for instance). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A readiness check that GETs `url` and expects a 2xx (redirects are not followed). The
 * request is aborted when the check times out; the body is discarded.
 *
 * @example
 * ```ts
 * health.register('candidates-api', httpCheck('http://candidates-api:8080/health/live'), { critical: false });
 * ```
 */
export function httpCheck(url: string | URL, options: HttpCheckOptions = {}): HealthCheck {
  const expect = options.expectStatus ?? ((status: number) => status >= 200 && status < 300);
  return async (signal) => {
    const doFetch = options.fetch ?? fetch;
    const response = await doFetch(url, {
      method: 'GET',
      redirect: 'manual',
      signal,
      ...(options.headers === undefined ? {} : { headers: { ...options.headers } }),
    });
    await response.body?.cancel();
    if (!expect(response.status)) {
      throw Object.assign(new Error(`Unexpected status ${response.status}`), {
        code: `HTTP_${response.status}`,
      });
    }
  };
}
