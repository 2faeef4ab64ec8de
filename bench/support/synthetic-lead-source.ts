import type { FetchLeadsRequest, LeadPage, LeadSource, RawLead } from '@baltra/sdk';

/**
 * A `LeadSource` that makes `total` Meta-shaped leads on demand, page by page, so no more than
 * one page is ever in memory. About 1 % lack a phone (quarantined) and 1 % repeat an earlier
 * lead id (duplicates).
 */
export class SyntheticLeadSource implements LeadSource {
  constructor(
    private readonly total: number,
    private readonly prefix = 'bench',
  ) {}

  async fetchLeads(request: FetchLeadsRequest): Promise<LeadPage> {
    const start = request.cursor === null ? 0 : Number(request.cursor);
    const end = Math.min(this.total, start + request.limit);
    const leads: RawLead[] = [];
    for (let n = start; n < end; n += 1) leads.push(this.lead(n));
    return { leads, nextCursor: String(end), hasMore: end < this.total };
  }

  lead(n: number): RawLead {
    const id = n % 100 === 99 ? n - 50 : n;
    const fieldData = [
      { name: 'full_name', values: [`Lead ${id}`] },
      { name: 'email', values: [`lead${id}@example.com`] },
    ];
    if (n % 100 !== 42) {
      fieldData.push({ name: 'phone_number', values: [`55 ${String(10_000_000 + id).slice(-8)}`] });
    }
    return {
      id: `${this.prefix}-${id}`,
      formId: 'form-1',
      createdTime: new Date(Date.UTC(2026, 10, 1) + id * 1000),
      fieldData,
    };
  }
}
