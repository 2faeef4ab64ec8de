import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A lead as the fake stores it (Graph's field names). */
export interface FakeLead {
  readonly id: string;
  readonly created_time: string;
  readonly field_data: readonly { name: string; values: string[] }[];
  readonly ad_id?: string;
  readonly campaign_id?: string;
}

/** An insights row as Graph returns it at campaign level with `time_increment=1`. */
export interface FakeInsightRow {
  readonly campaign_id: string;
  readonly spend: string;
  readonly date_start: string;
  readonly date_stop: string;
  readonly account_currency: string;
}

/** A scripted fault, served instead of the normal answer while `remaining` > 0. */
export type FakeFault =
  | { readonly kind: 'unavailable'; readonly status?: number }
  | {
      readonly kind: 'throttled';
      readonly code: number;
      /** `estimated_time_to_regain_access` in minutes, sent in `header`. */
      readonly regainMinutes?: number;
      readonly header?: 'x-business-use-case-usage' | 'x-app-usage';
      readonly status?: number;
    }
  | { readonly kind: 'auth'; readonly code?: number; readonly status?: number }
  | { readonly kind: 'bad-request' }
  | { readonly kind: 'slow'; readonly delayMs: number };

/** One request that reached the fake. */
export interface FakeGraphRequest {
  readonly path: string;
  readonly version: string;
  readonly params: Readonly<Record<string, string>>;
  readonly hadToken: boolean;
}

/**
 * A local fake of the Graph API endpoints the Meta adapters use, on 127.0.0.1 and a free port:
 * `/{v}/{formId}/leads` (oldest first, `after` cursors, `paging.next`, `time_created`
 * filtering), `/{v}/{pageId}/leadgen_forms`, `/{v}/act_{id}/insights` (`time_range`), with
 * scripted faults and a log of every request that reached it.
 */
export class FakeGraphServer {
  readonly requests: FakeGraphRequest[] = [];
  private readonly leads = new Map<string, FakeLead[]>();
  private readonly forms = new Map<string, { id: string; name: string; status: string }[]>();
  private readonly insights = new Map<string, FakeInsightRow[]>();
  private fault: { fault: FakeFault; remaining: number } | undefined;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeGraphServer> {
    let fake: FakeGraphServer | undefined;
    const server = createServer((req, res) => {
      void fake?.handle(req, res);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    fake = new FakeGraphServer(server, `http://127.0.0.1:${port}`);
    return fake;
  }

  get requestCount(): number {
    return this.requests.length;
  }

  addLeads(formId: string, leads: readonly FakeLead[]): void {
    this.leads.set(formId, [...(this.leads.get(formId) ?? []), ...leads]);
  }

  setForms(pageId: string, forms: readonly { id: string; name: string; status: string }[]): void {
    this.forms.set(pageId, [...forms]);
  }

  setInsights(adAccountId: string, rows: readonly FakeInsightRow[]): void {
    this.insights.set(adAccountId, [...rows]);
  }

  /** Serves `fault` for the next `times` requests (default: until {@link recover}). */
  failWith(fault: FakeFault, times = Number.POSITIVE_INFINITY): void {
    this.fault = { fault, remaining: times };
  }

  recover(): void {
    this.fault = undefined;
  }

  reset(): void {
    this.requests.length = 0;
    this.leads.clear();
    this.forms.clear();
    this.insights.clear();
    this.fault = undefined;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const params = Object.fromEntries(url.searchParams);
    const [, version = '', ...rest] = url.pathname.split('/');
    const path = rest.map(decodeURIComponent).join('/');
    this.requests.push({
      path,
      version,
      params: Object.fromEntries(Object.entries(params).filter(([key]) => key !== 'access_token')),
      hadToken: typeof params.access_token === 'string' && params.access_token !== '',
    });
    const fault = this.takeFault();
    if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    else if (fault !== undefined) return this.sendFault(res, fault);

    const [id = '', edge = ''] = path.split('/');
    if (edge === 'leads')
      return this.sendList(res, url, this.leadsOf(id, params.filtering), params);
    if (edge === 'leadgen_forms')
      return this.sendList(res, url, indexed(this.forms.get(id) ?? []), params);
    if (edge === 'insights') {
      return this.sendList(res, url, this.insightsOf(id.replace(/^act_/, ''), params), params);
    }
    return send(res, 404, graphError('Unknown path components', 'OAuthException', 2500));
  }

  private takeFault(): FakeFault | undefined {
    if (this.fault === undefined || this.fault.remaining <= 0) return undefined;
    this.fault.remaining -= 1;
    return this.fault.fault;
  }

  private leadsOf(formId: string, filtering: string | undefined): readonly Indexed[] {
    const all = indexed(this.leads.get(formId) ?? []);
    if (filtering === undefined) return all;
    const filters = JSON.parse(filtering) as { field: string; operator: string; value: number }[];
    return all.filter(({ item: lead }) =>
      filters.every(
        (filter) =>
          filter.field !== 'time_created' ||
          filter.operator !== 'GREATER_THAN' ||
          Date.parse(lead.created_time) / 1000 > filter.value,
      ),
    );
  }

  private insightsOf(account: string, params: Record<string, string>): readonly Indexed[] {
    const range = JSON.parse(params.time_range ?? '{}') as { since?: string; until?: string };
    return indexed(this.insights.get(account) ?? []).filter(
      ({ item: row }) =>
        (range.since === undefined || row.date_start >= range.since) &&
        (range.until === undefined || row.date_start <= range.until),
    );
  }

  /** Pages `items` after the `after` cursor (the stored index of the last item seen). */
  private sendList(
    res: ServerResponse,
    url: URL,
    items: readonly Indexed[],
    params: Record<string, string>,
  ): undefined {
    const limit = Number(params.limit ?? '25');
    const after = params.after === undefined ? -1 : decodeCursor(params.after);
    const remaining = items.filter((entry) => entry.index > after);
    const page = remaining.slice(0, limit);
    const first = page[0];
    const last = page.at(-1);
    if (first === undefined || last === undefined) return send(res, 200, { data: [] });
    const paging: Record<string, unknown> = {
      cursors: { before: encodeCursor(first.index), after: encodeCursor(last.index) },
    };
    if (remaining.length > page.length) {
      const next = new URL(url);
      next.searchParams.set('after', encodeCursor(last.index));
      paging.next = next.href;
    }
    send(res, 200, { data: page.map((entry) => entry.item), paging });
  }

  private sendFault(res: ServerResponse, fault: Exclude<FakeFault, { kind: 'slow' }>): undefined {
    switch (fault.kind) {
      case 'unavailable':
        return send(res, fault.status ?? 500, {
          error: {
            message: 'An unexpected error has occurred.',
            type: 'OAuthException',
            code: 2,
            is_transient: true,
          },
        });
      case 'throttled': {
        const headers: Record<string, string> = {};
        if (fault.regainMinutes !== undefined) {
          const usage = {
            call_count: 100,
            total_cputime: 40,
            total_time: 60,
            estimated_time_to_regain_access: fault.regainMinutes,
          };
          headers[fault.header ?? 'x-business-use-case-usage'] = JSON.stringify(
            fault.header === 'x-app-usage'
              ? usage
              : { '1234567890': [{ type: 'ads_management', ...usage }] },
          );
        }
        return send(
          res,
          fault.status ?? 400,
          graphError('User request limit reached', 'OAuthException', fault.code),
          headers,
        );
      }
      case 'auth':
        return send(
          res,
          fault.status ?? 400,
          graphError(
            'Error validating access token: Session has expired',
            'OAuthException',
            fault.code ?? 190,
          ),
        );
      case 'bad-request':
        return send(res, 400, graphError('(#100) Invalid parameter', 'OAuthException', 100));
    }
  }
}

interface Indexed {
  readonly item: object;
  readonly index: number;
}

function indexed<T extends object>(items: readonly T[]): (Indexed & { item: T })[] {
  return items.map((item, index) => ({ item, index }));
}

function graphError(message: string, type: string, code: number): object {
  return { error: { message, type, code, fbtrace_id: 'AbCdEf123' } };
}

function send(
  res: ServerResponse,
  status: number,
  body: object,
  headers: Record<string, string> = {},
): undefined {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function encodeCursor(index: number): string {
  return Buffer.from(`idx:${index}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  return Number(Buffer.from(cursor, 'base64url').toString().slice('idx:'.length));
}
