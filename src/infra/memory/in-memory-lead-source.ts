import { ValidationError } from '../../domain/errors.js';
import type { LeadPage, RawLead } from '../../domain/models/lead.js';
import type { FetchLeadsRequest, LeadSource } from '../../domain/ports/lead-source.js';

export interface InMemoryLeadSourceOptions {
  /** The Nth call of `fetchLeads` (1-based) rejects with `failure`; later calls succeed. */
  readonly failOnPage?: number;
  /** What the failing call rejects with; default an `Error('lead source unavailable')`. */
  readonly failure?: unknown;
}

interface Position {
  /** Index into the lead list to continue from. */
  readonly offset: number;
  /** `since` of the first page, kept so later pages apply the same filter. */
  readonly since?: number;
}

/**
 * A `LeadSource` over a list of leads, for tests and demos. A request reads the leads whose
 * `formId` equals its `sourceKey`, in list order, created at or after `since`, `limit` at a
 * time; cursors are opaque strings. `failOnPage` makes one fetch reject, to test that
 * ingestion stops without losing or half-storing a page.
 *
 * @example
 * ```ts
 * const source = new InMemoryLeadSource([aRawLead({ formId }), aRawLead({ formId })], { failOnPage: 2 });
 * const page = await source.fetchLeads({ companyId, sourceKey: formId, cursor: null, limit: 1 });
 * ```
 */
export class InMemoryLeadSource implements LeadSource {
  private readonly leads: RawLead[];
  private calls = 0;
  /** Every request received, in order. */
  readonly requests: FetchLeadsRequest[] = [];

  constructor(
    leads: readonly RawLead[] = [],
    private readonly options: InMemoryLeadSourceOptions = {},
  ) {
    this.leads = leads.map((lead) => structuredClone(lead));
  }

  /** Adds leads at the end, as new form submissions. */
  push(...leads: RawLead[]): void {
    this.leads.push(...leads.map((lead) => structuredClone(lead)));
  }

  async fetchLeads(request: FetchLeadsRequest): Promise<LeadPage> {
    this.calls += 1;
    this.requests.push(structuredClone(request));
    if (this.calls === this.options.failOnPage) {
      throw this.options.failure ?? new Error('lead source unavailable');
    }
    const start = request.cursor === null ? { offset: 0 } : decodeCursor(request.cursor);
    const since = request.since?.getTime() ?? start.since;
    const page: RawLead[] = [];
    let offset = start.offset;
    while (offset < this.leads.length && page.length < request.limit) {
      const lead = this.leads[offset] as RawLead;
      offset += 1;
      if (lead.formId !== request.sourceKey) continue;
      if (since !== undefined && lead.createdTime.getTime() < since) continue;
      page.push(structuredClone(lead));
    }
    const more = this.leads
      .slice(offset)
      .some(
        (lead) =>
          lead.formId === request.sourceKey &&
          (since === undefined || lead.createdTime.getTime() >= since),
      );
    return {
      leads: page,
      nextCursor: encodeCursor(since === undefined ? { offset } : { offset, since }),
      hasMore: more,
    };
  }
}

function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function decodeCursor(cursor: string): Position {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && 'offset' in value) {
      const { offset, since } = value as { offset: unknown; since?: unknown };
      if (Number.isInteger(offset) && (offset as number) >= 0) {
        return typeof since === 'number'
          ? { offset: offset as number, since }
          : { offset: offset as number };
      }
    }
  } catch {
    // Reported below like any other foreign cursor.
  }
  throw new ValidationError('lead request', [
    { code: 'custom', path: ['cursor'], message: 'is not a cursor of this source', input: cursor },
  ]);
}
