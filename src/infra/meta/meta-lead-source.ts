import { z } from 'zod';
import type { LeadPage, RawLead } from '../../domain/models/lead.js';
import type { FetchLeadsRequest, LeadSource } from '../../domain/ports/lead-source.js';
import { MetaGraphClient, type MetaGraphOptions } from './meta-graph-client.js';
import { parseGraphItem } from './parse-graph-item.js';

/** Options of {@link MetaLeadSource}. */
export interface MetaLeadSourceOptions extends MetaGraphOptions {
  /** The Facebook page whose lead forms {@link MetaLeadSource.leadForms} lists by default. */
  readonly pageId?: string;
}

/** A lead form of a page, as {@link MetaLeadSource.leadForms} lists it. */
export interface MetaLeadForm {
  readonly id: string;
  readonly name: string;
  /** `ACTIVE`, `ARCHIVED`, … when Graph reports it. */
  readonly status?: string;
}

const LEAD_FIELDS = 'id,created_time,field_data,ad_id,campaign_id';
/** Resume position of a run that has not received any lead yet, remembering its `since`. */
const SINCE_PREFIX = 'since:';

const GraphLeadSchema = z.object({
  id: z.string().min(1),
  created_time: z.string().refine((value) => !Number.isNaN(Date.parse(value))),
  field_data: z
    .array(z.object({ name: z.string().min(1), values: z.array(z.string()).default([]) }))
    .default([]),
  ad_id: z.string().optional(),
  campaign_id: z.string().optional(),
});

const GraphFormSchema = z.object({
  id: z.string().min(1),
  name: z.string().default(''),
  status: z.string().optional(),
});

/**
 * The `LeadSource` on Meta lead ads (`facebook-nodejs-business-sdk`, an optional peer loaded on
 * first use). `fetchLeads` reads one page of `/{formId}/leads` (the request's `sourceKey` is the
 * form id), oldest first as Graph pages them, continuing after the Graph `after` cursor.
 * `nextCursor` is the page's `after` cursor — or the incoming position when the page is empty —
 * so a later run resumes with only the leads that arrived since; `hasMore` is whether Graph
 * offered a `next` page. `since` becomes Graph's `time_created` filter. Errors are translated
 * (see `translateMetaError`); wrap the source with `withLeadSourceResilience` for retries and
 * a circuit breaker.
 *
 * @example
 * ```ts
 * const source = new MetaLeadSource({ accessToken: process.env.META_TOKEN!, pageId: '1234' });
 * const forms = await source.leadForms();
 * const page = await source.fetchLeads({ companyId, sourceKey: forms[0]!.id, cursor: null, limit: 100 });
 * ```
 */
export class MetaLeadSource implements LeadSource {
  private readonly graph: MetaGraphClient;

  constructor(private readonly options: MetaLeadSourceOptions) {
    this.graph = new MetaGraphClient(options);
  }

  async fetchLeads(request: FetchLeadsRequest): Promise<LeadPage> {
    const operation = 'GET {formId}/leads';
    const position = request.cursor ?? '';
    const resumeSince = position.startsWith(SINCE_PREFIX)
      ? Number(position.slice(SINCE_PREFIX.length))
      : undefined;
    const after = position === '' || resumeSince !== undefined ? undefined : position;
    const since =
      request.since === undefined ? resumeSince : Math.floor(request.since.getTime() / 1000);
    const page = await this.graph.getPage(
      operation,
      `${encodeURIComponent(request.sourceKey)}/leads`,
      {
        fields: LEAD_FIELDS,
        limit: request.limit,
        after,
        // Graph's GREATER_THAN is strict and `since` is inclusive: start one second earlier.
        filtering:
          since === undefined || Number.isNaN(since)
            ? undefined
            : [{ field: 'time_created', operator: 'GREATER_THAN', value: since - 1 }],
      },
    );
    const leads = page.data.map((row) => toRawLead(row, request.sourceKey));
    const empty = since === undefined ? '' : `${SINCE_PREFIX}${since}`;
    return {
      leads,
      nextCursor: page.after ?? (position === '' ? empty : position),
      hasMore: page.next !== undefined && leads.length > 0,
    };
  }

  /**
   * Lists the lead forms of a page (`/{pageId}/leadgen_forms`, every page of the list).
   *
   * @example
   * ```ts
   * for (const form of await source.leadForms('1234')) await ingestion.ingest(companyId, form.id);
   * ```
   */
  async leadForms(pageId: string | undefined = this.options.pageId): Promise<MetaLeadForm[]> {
    if (pageId === undefined || pageId === '') {
      throw new RangeError('MetaLeadSource.leadForms needs a pageId (argument or option)');
    }
    const operation = 'GET {pageId}/leadgen_forms';
    const forms: MetaLeadForm[] = [];
    let page = await this.graph.getPage(operation, `${encodeURIComponent(pageId)}/leadgen_forms`, {
      fields: 'id,name,status',
      limit: 100,
    });
    for (;;) {
      for (const row of page.data) {
        const form = parseGraphItem(operation, GraphFormSchema, row);
        forms.push({
          id: form.id,
          name: form.name,
          ...(form.status ? { status: form.status } : {}),
        });
      }
      if (page.next === undefined || page.data.length === 0) return forms;
      page = await this.graph.getNext(operation, page.next);
    }
  }
}

function toRawLead(row: unknown, formId: string): RawLead {
  const lead = parseGraphItem('GET {formId}/leads', GraphLeadSchema, row);
  return {
    id: lead.id,
    formId,
    createdTime: new Date(lead.created_time),
    ...(lead.ad_id === undefined ? {} : { adId: lead.ad_id }),
    ...(lead.campaign_id === undefined ? {} : { campaignId: lead.campaign_id }),
    fieldData: lead.field_data,
  };
}
