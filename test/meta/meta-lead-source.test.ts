import { MetaLeadSource } from '@baltra/sdk/meta';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aFakeLead, META_TEST_TOKEN, someFakeLeads } from '../support/fake-graph-fixtures.js';
import { FakeGraphServer } from '../support/fake-graph-server.js';

const COMPANY = '00000000-0000-4000-8000-000000000001';
let fake: FakeGraphServer;

beforeAll(async () => {
  fake = await FakeGraphServer.start();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function aSource(options: { apiVersion?: string } = {}): MetaLeadSource {
  return new MetaLeadSource({
    accessToken: META_TEST_TOKEN,
    graphBaseUrl: fake.url,
    pageId: 'page-1',
    ...options,
  });
}

describe('MetaLeadSource (real SDK, fake Graph)', () => {
  it('reads a form across three pages following the after cursor, mapping each lead', async () => {
    // Prepare
    const stored = someFakeLeads(7);
    fake.addLeads('form-1', stored);
    const source = aSource();

    // Act
    const pages = [];
    let cursor: string | null = null;
    do {
      const page = await source.fetchLeads({
        companyId: COMPANY,
        sourceKey: 'form-1',
        cursor,
        limit: 3,
      });
      pages.push(page);
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    } while (pages.length < 10);

    // Assess
    expect(pages.map((page) => [page.leads.length, page.hasMore])).toEqual([
      [3, true],
      [3, true],
      [1, false],
    ]);
    const leads = pages.flatMap((page) => page.leads);
    expect(leads.map((lead) => lead.id)).toEqual(stored.map((lead) => lead.id));
    expect(leads[0]).toEqual({
      id: stored[0]?.id,
      formId: 'form-1',
      createdTime: new Date('2026-03-01T10:00:00Z'),
      adId: 'ad-1',
      campaignId: 'camp-1',
      fieldData: stored[0]?.field_data,
    });
    expect(fake.requests.map((request) => request.params.after)).toEqual([
      undefined,
      pages[0]?.nextCursor,
      pages[1]?.nextCursor,
    ]);
    expect(fake.requests[0]).toMatchObject({
      path: 'form-1/leads',
      version: 'v24.0',
      hadToken: true,
      params: { fields: 'id,created_time,field_data,ad_id,campaign_id', limit: '3' },
    });
  });

  it('passes since as a time_created filter that keeps leads created at or after it', async () => {
    // Prepare
    fake.addLeads('form-1', someFakeLeads(5, new Date('2026-03-01T10:00:00Z')));
    const since = new Date('2026-03-01T10:03:00Z');

    // Act
    const page = await aSource().fetchLeads({
      companyId: COMPANY,
      sourceKey: 'form-1',
      cursor: null,
      since,
      limit: 10,
    });

    // Assess
    expect(page.leads.map((lead) => lead.createdTime.toISOString())).toEqual([
      '2026-03-01T10:03:00.000Z',
      '2026-03-01T10:04:00.000Z',
    ]);
    expect(JSON.parse(fake.requests[0]?.params.filtering ?? 'null')).toEqual([
      { field: 'time_created', operator: 'GREATER_THAN', value: since.getTime() / 1000 - 1 },
    ]);
  });

  it('resumes from the last cursor: a second run sees only leads that arrived since', async () => {
    // Prepare
    fake.addLeads('form-1', someFakeLeads(4));
    const source = aSource();
    const first = await source.fetchLeads({
      companyId: COMPANY,
      sourceKey: 'form-1',
      cursor: null,
      limit: 10,
    });
    const arrived = [aFakeLead({ createdTime: new Date('2026-03-02T09:00:00Z') })];
    fake.addLeads('form-1', arrived);

    // Act
    const second = await source.fetchLeads({
      companyId: COMPANY,
      sourceKey: 'form-1',
      cursor: first.nextCursor,
      limit: 10,
    });
    const third = await source.fetchLeads({
      companyId: COMPANY,
      sourceKey: 'form-1',
      cursor: second.nextCursor,
      limit: 10,
    });

    // Assess
    expect(first).toMatchObject({ hasMore: false });
    expect(second.leads.map((lead) => lead.id)).toEqual(arrived.map((lead) => lead.id));
    expect(third).toEqual({ leads: [], nextCursor: second.nextCursor, hasMore: false });
  });

  it('keeps since in the resume position while a filtered form is still empty', async () => {
    // Prepare
    const source = aSource();
    const since = new Date('2026-03-05T00:00:00Z');
    const empty = await source.fetchLeads({
      companyId: COMPANY,
      sourceKey: 'form-1',
      cursor: null,
      since,
      limit: 10,
    });
    fake.addLeads('form-1', [
      aFakeLead({ createdTime: new Date('2026-03-04T00:00:00Z') }),
      aFakeLead({ id: 'late', createdTime: new Date('2026-03-06T00:00:00Z') }),
    ]);

    // Act
    const page = await source.fetchLeads({
      companyId: COMPANY,
      sourceKey: 'form-1',
      cursor: empty.nextCursor,
      limit: 10,
    });

    // Assess
    expect(empty).toMatchObject({ leads: [], hasMore: false });
    expect(page.leads.map((lead) => lead.id)).toEqual(['late']);
  });

  it('uses the configured Graph API version', async () => {
    // Prepare
    const source = aSource({ apiVersion: 'v23.0' });

    // Act
    await source.fetchLeads({ companyId: COMPANY, sourceKey: 'form-9', cursor: null, limit: 5 });

    // Assess
    expect(fake.requests.map((request) => request.version)).toEqual(['v23.0']);
  });

  it('lists every lead form of the page across pages', async () => {
    // Prepare
    const forms = Array.from({ length: 120 }, (_, i) => ({
      id: `form-${i}`,
      name: `Form ${i}`,
      status: 'ACTIVE',
    }));
    fake.setForms('page-1', forms);

    // Act
    const listed = await aSource().leadForms();

    // Assess
    expect(listed).toEqual(forms);
    expect(fake.requests.map((request) => request.path)).toEqual([
      'page-1/leadgen_forms',
      'page-1/leadgen_forms',
    ]);
  });
});
