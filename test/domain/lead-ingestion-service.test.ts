import {
  type FetchLeadsRequest,
  LeadIngestionService,
  type LeadPage,
  type LeadSource,
} from '@baltra/sdk';
import {
  aCompany,
  aRawLead,
  expectBaltraError,
  InMemoryLeadSource,
  InMemoryUnitOfWork,
} from '@baltra/sdk/testing';
import { describe, expect, it } from 'vitest';

async function givenCompany() {
  const uow = new InMemoryUnitOfWork();
  const company = aCompany();
  await uow.run(({ companies }) => companies.add(company));
  return { uow, companyId: company.id };
}

/** A source that answers with fixed pages and records requests. */
class ScriptedLeadSource implements LeadSource {
  readonly requests: FetchLeadsRequest[] = [];
  constructor(readonly pages: LeadPage[]) {}
  async fetchLeads(request: FetchLeadsRequest): Promise<LeadPage> {
    this.requests.push(request);
    const page = this.pages.shift();
    if (!page) throw new Error('no more scripted pages');
    return page;
  }
}

describe('LeadIngestionService', () => {
  it('saves the source position and reports one empty page for a source without leads', async () => {
    const { uow, companyId } = await givenCompany();
    const now = new Date('2026-03-02T08:00:00.000Z');

    const report = await new LeadIngestionService(uow, new InMemoryLeadSource(), {
      now: () => now,
    }).ingest(companyId, 'form-1');

    expect(report).toEqual({ pages: 1, received: 0, created: 0, duplicates: 0, quarantined: 0 });
    expect(await uow.run(({ leadCursors }) => leadCursors.get(companyId, 'form-1'))).toEqual({
      companyId,
      sourceKey: 'form-1',
      position: expect.any(String),
      updatedAt: now,
    });
  });

  it('starts from the stored cursor, asks for batchSize leads, and passes since on the first page only', async () => {
    const { uow, companyId } = await givenCompany();
    await uow.run(({ leadCursors }) =>
      leadCursors.save({ companyId, sourceKey: 'form-1', position: 'p-7', updatedAt: new Date() }),
    );
    const source = new ScriptedLeadSource([
      { leads: [aRawLead({ formId: 'form-1' })], nextCursor: 'p-8', hasMore: true },
      { leads: [aRawLead({ formId: 'form-1' })], nextCursor: 'p-9', hasMore: false },
    ]);
    const since = new Date('2026-01-01T00:00:00.000Z');

    await new LeadIngestionService(uow, source, { batchSize: 25 }).ingest(companyId, 'form-1', {
      since,
    });
    await uow.run(({ leadCursors }) =>
      leadCursors.save({ companyId, sourceKey: 'form-1', position: null, updatedAt: new Date() }),
    );
    source.pages.push({ leads: [], nextCursor: 'p-0', hasMore: false });
    await new LeadIngestionService(uow, source).ingest(companyId, 'form-1', { since });

    expect(source.requests).toEqual([
      { companyId, sourceKey: 'form-1', cursor: 'p-7', limit: 25 },
      { companyId, sourceKey: 'form-1', cursor: 'p-8', limit: 25 },
      { companyId, sourceKey: 'form-1', cursor: null, since, limit: 500 },
    ]);
  });

  it('uses the injected clock and ids for candidates, transitions, quarantine and events', async () => {
    const { uow, companyId } = await givenCompany();
    const now = new Date('2026-03-02T08:00:00.000Z');
    let n = 0;
    const newId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
    const good = aRawLead({ formId: 'f' });
    const bad = aRawLead({ formId: 'f' }, { phone_number: null });

    await new LeadIngestionService(uow, new InMemoryLeadSource([good, bad]), {
      now: () => now,
      newId,
    }).ingest(companyId, 'f');

    const state = uow.snapshot();
    const candidate = [...state.candidates.values()][0];
    expect(candidate).toMatchObject({ updatedAt: now, createdAt: good.createdTime, version: 1 });
    expect(candidate?.id).toMatch(/^00000000-0000-4000-8000-/);
    expect([...state.quarantine.values()]).toEqual([
      expect.objectContaining({
        metaLeadId: bad.id,
        sourceKey: 'f',
        quarantinedAt: now,
        lead: bad,
      }),
    ]);
    expect([...state.outbox.values()].map((e) => [e.type, e.payload])).toEqual([
      [
        'candidate.applied',
        {
          candidateId: candidate?.id,
          source: 'meta_lead_ad',
          metaLeadId: good.id,
          vacancyId: null,
        },
      ],
      [
        'lead.quarantined',
        {
          metaLeadId: bad.id,
          quarantineId: [...state.quarantine.values()][0]?.id,
          sourceKey: 'f',
          reasons: 'phone_number: missing',
        },
      ],
    ]);
    expect([...state.outbox.keys()].every((id) => id.startsWith('00000000-0000-4000-8000-'))).toBe(
      true,
    );
  });

  it('ignores leads of other forms in the in-memory source', async () => {
    const { uow, companyId } = await givenCompany();
    const source = new InMemoryLeadSource([aRawLead({ formId: 'a' }), aRawLead({ formId: 'b' })]);

    const report = await new LeadIngestionService(uow, source).ingest(companyId, 'a');

    expect(report.received).toBe(1);
  });

  it('rejects malformed options and requests with VALIDATION_FAILED before touching anything', async () => {
    const { uow, companyId } = await givenCompany();
    const source = new ScriptedLeadSource([]);

    for (const options of [
      { batchSize: 0 },
      { batchSize: 1.5 },
      { vacancyId: 'v-1' },
      { defaultCountryCode: '0' },
    ]) {
      await expectBaltraError(
        Promise.resolve().then(() => new LeadIngestionService(uow, source, options)),
        'VALIDATION_FAILED',
      );
    }
    const service = new LeadIngestionService(uow, source);
    await expectBaltraError(service.ingest('acme', 'form-1'), 'VALIDATION_FAILED');
    await expectBaltraError(service.ingest(companyId, ''), 'VALIDATION_FAILED');
    await expectBaltraError(service.ingest(companyId, 'f', { maxPages: 0 }), 'VALIDATION_FAILED');
    expect(source.requests).toEqual([]);
  });

  it('fails with NOT_FOUND for an unknown company and stores nothing', async () => {
    const uow = new InMemoryUnitOfWork();
    const source = new InMemoryLeadSource([
      aRawLead({ formId: 'f' }),
      aRawLead({ formId: 'f' }, { phone_number: null }),
    ]);

    await expectBaltraError(
      new LeadIngestionService(uow, source).ingest('6f1c1c52-3f6d-4d0e-9d55-4a9b7f1b2c3d', 'f'),
      'NOT_FOUND',
    );

    expect(uow.snapshot().leadCursors.size).toBe(0);
  });

  it('gives candidates, transitions and events time-ordered ids (UUIDv7) by default', async () => {
    const { uow, companyId } = await givenCompany();
    const leads = Array.from({ length: 50 }, () => aRawLead({ formId: 'f' }));

    await new LeadIngestionService(uow, new InMemoryLeadSource(leads), { batchSize: 7 }).ingest(
      companyId,
      'f',
    );

    const state = uow.snapshot();
    const byLead = new Map([...state.candidates.values()].map((c) => [c.metaLeadId, c.id]));
    const candidateIds = leads.map((lead) => byLead.get(lead.id) ?? '');
    const v7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(candidateIds.every((id) => v7.test(id))).toBe(true);
    expect([...candidateIds].sort()).toEqual(candidateIds); // in the order they were made
    expect(new Set(candidateIds).size).toBe(50);
    expect([...state.outbox.keys()].every((id) => v7.test(id))).toBe(true);
    const millis = Number.parseInt(candidateIds[0]?.replace(/-/g, '').slice(0, 12) ?? '', 16);
    expect(Math.abs(millis - Date.now())).toBeLessThan(60_000);
  });

  it('reads the next page while the current one is being stored, never past maxPages', async () => {
    const { uow, companyId } = await givenCompany();
    const source = new ScriptedLeadSource([
      { leads: [aRawLead({ formId: 'f' })], nextCursor: 'p-1', hasMore: true },
      { leads: [aRawLead({ formId: 'f' })], nextCursor: 'p-2', hasMore: true },
      { leads: [aRawLead({ formId: 'f' })], nextCursor: 'p-3', hasMore: true },
    ]);
    const fetchedWhenStoring: number[] = [];
    const observing = {
      run: <T>(work: Parameters<typeof uow.run<T>>[0]) =>
        uow.run(async (repositories) => {
          const result = await work(repositories);
          fetchedWhenStoring.push(source.requests.length);
          return result;
        }),
    };

    const report = await new LeadIngestionService(observing, source).ingest(companyId, 'f', {
      maxPages: 2,
    });

    expect(report.pages).toBe(2);
    // Run 1 reads the cursor; page 1 commits after page 2 was requested; nothing beyond page 2.
    expect(fetchedWhenStoring).toEqual([0, 2, 2]);
    expect(source.requests.map((r) => r.cursor)).toEqual([null, 'p-1']);
  });
});
