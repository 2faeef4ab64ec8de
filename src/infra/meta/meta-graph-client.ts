import { MetaGraphError } from './meta-graph-error.js';
import { loadMetaSdk, type MetaApi } from './meta-sdk.js';
import { translateMetaError } from './translate-meta-error.js';

/** How the Meta adapters reach the Graph API. */
export interface MetaGraphOptions {
  /** A system-user or page access token. Never logged, scrubbed from errors. */
  readonly accessToken: string;
  /** Graph API version; default `v24.0`. */
  readonly apiVersion?: string;
  /**
   * Another Graph host (tests: a local fake). Also redefines the SDK's process-wide
   * `FacebookAdsApi.GRAPH`, so SDK objects built elsewhere reach the same host.
   */
  readonly graphBaseUrl?: string;
  /** Give up on a request after this long (`META_UNAVAILABLE`, retryable); default 30 s. */
  readonly timeoutMs?: number;
}

/** Query parameters; objects and arrays are sent as JSON, as Graph expects. */
export type GraphParams = Readonly<Record<string, string | number | object | undefined>>;

/** A Graph list response: `data` plus cursors and the `next` link. */
export interface GraphPage {
  readonly data: readonly unknown[];
  readonly after: string | undefined;
  readonly next: string | undefined;
}

/**
 * A thin Graph API client on the real SDK's `FacebookAdsApi.call`, shared by the Meta
 * adapters: builds versioned URLs, bounds each request by a timeout, follows `paging.next`
 * links of the same host only (they carry the token) and translates errors. Internal.
 *
 * @example
 * ```ts
 * const graph = new MetaGraphClient({ accessToken });
 * const page = await graph.getPage('GET {formId}/leads', `${formId}/leads`, { limit: 100 });
 * ```
 */
export class MetaGraphClient {
  readonly apiVersion: string;
  private api: Promise<{ api: MetaApi; base: string }> | undefined;

  constructor(private readonly options: MetaGraphOptions) {
    if (options.accessToken === '') throw new RangeError('Meta accessToken must not be empty');
    this.apiVersion = options.apiVersion ?? 'v24.0';
    if (!/^v\d+\.\d+$/.test(this.apiVersion)) {
      throw new RangeError(`Meta apiVersion must look like v24.0, got ${this.apiVersion}`);
    }
  }

  /** Reads one list page of `path` (relative to the version, e.g. `123/leads`). */
  async getPage(operation: string, path: string, params: GraphParams): Promise<GraphPage> {
    const { base } = await this.connect();
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value === undefined) continue;
      query.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
    }
    query.set('access_token', this.options.accessToken);
    return this.getUrl(operation, `${base}/${this.apiVersion}/${path}?${query}`);
  }

  /** Reads the page a previous page's `next` link points to. */
  async getNext(operation: string, next: string): Promise<GraphPage> {
    const { base } = await this.connect();
    if (new URL(next).origin !== new URL(base).origin) {
      // The link carries the access token: never send it to another host.
      throw new MetaGraphError(
        'META_UNEXPECTED_RESPONSE',
        `Meta ${operation}: paging.next leaves the Graph host`,
        {
          context: { operation },
        },
      );
    }
    return this.getUrl(operation, next);
  }

  private async getUrl(operation: string, url: string): Promise<GraphPage> {
    const { api } = await this.connect();
    const body = await this.withTimeout(operation, api.call('GET', url));
    return toPage(operation, body);
  }

  private async withTimeout<T>(operation: string, request: Promise<T>): Promise<T> {
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new MetaGraphError(
            'META_UNAVAILABLE',
            `Meta ${operation} timed out after ${timeoutMs} ms`,
            {
              context: { operation, timeoutMs },
            },
          ),
        );
      }, timeoutMs);
    });
    try {
      return await Promise.race([request, timedOut]);
    } catch (error) {
      if (error instanceof MetaGraphError) throw error;
      throw translateMetaError(error, { operation, accessToken: this.options.accessToken });
    } finally {
      clearTimeout(timer);
      // The SDK's request cannot be cancelled; its late failure must not go unhandled.
      request.catch(() => undefined);
    }
  }

  private connect(): Promise<{ api: MetaApi; base: string }> {
    this.api ??= loadMetaSdk().then(({ FacebookAdsApi }) => {
      const base = (this.options.graphBaseUrl ?? FacebookAdsApi.GRAPH).replace(/\/+$/, '');
      if (this.options.graphBaseUrl !== undefined) {
        Object.defineProperty(FacebookAdsApi, 'GRAPH', { get: () => base, configurable: true });
      }
      // `false`: the default installs a process-wide crash reporter that phones home.
      return { api: FacebookAdsApi.init(this.options.accessToken, undefined, false), base };
    });
    this.api.catch(() => {
      this.api = undefined;
    });
    return this.api;
  }
}

function toPage(operation: string, body: unknown): GraphPage {
  const { data, paging } = (typeof body === 'object' && body !== null ? body : {}) as {
    data?: unknown;
    paging?: { cursors?: { after?: unknown }; next?: unknown };
  };
  if (!Array.isArray(data)) {
    throw new MetaGraphError(
      'META_UNEXPECTED_RESPONSE',
      `Meta ${operation}: response has no data list`,
      {
        context: { operation },
      },
    );
  }
  const after = paging?.cursors?.after;
  const next = paging?.next;
  return {
    data,
    after: typeof after === 'string' && after !== '' ? after : undefined,
    next: typeof next === 'string' && next !== '' ? next : undefined,
  };
}
