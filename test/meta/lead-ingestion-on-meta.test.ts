import { LeadIngestionService } from '@baltra/sdk';
import { MetaLeadSource, withLeadSourceResilience } from '@baltra/sdk/meta';
import { aCompany, InMemoryUnitOfWork } from '@baltra/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aFakeLead, META_TEST_TOKEN, someFakeLeads } from '../support/fake-graph-fixtures.js';
import { FakeGraphServer } from '../support/fake-graph-server.js';

let fake: FakeGraphServer;

beforeAll(async () => {
  fake = await FakeGraphServer.start();
});
afterAll(() => fake.close());

async function givenCompany() {
  const uow = new InMemoryUnitOfWork();
  const company = aCompany();
  await uow.run(({ companies }) => companies.add(company));
  return { uow, companyId: company.id };
}

describe('LeadIngestionService over MetaLeadSource (real SDK, fake Graph, in-memory unit of work)', () => {
  it('ingests every page, quarantines invalid leads, and a second run picks up only new leads', async () => {
    // Prepare
    const { uow, companyId } = await givenCompany();
    fake.addLeads('form-42', [
      ...someFakeLeads(5, new Date('2026-03-01T08:00:00Z')),
      aFakeLead({ id: 'no-phone', field_data: [{ name: 'full_name', values: ['Sin Teléfono'] }] }),
    ]);
    fake.failWith({ kind: 'unavailable', status: 503 }, 1);
    const source = withLeadSourceResilience(
      new MetaLeadSource({ accessToken: META_TEST_TOKEN, graphBaseUrl: fake.url }),
      { sleep: async () => undefined },
    );
    const ingestion = new LeadIngestionService(uow, source, { batchSize: 2 });

    // Act
    const first = await ingestion.ingest(companyId, 'form-42', {
      since: new Date('2026-03-01T00:00:00Z'),
    });
    fake.addLeads('form-42', someFakeLeads(2, new Date('2026-03-03T08:00:00Z')));
    const second = await ingestion.ingest(companyId, 'form-42');
    const third = await ingestion.ingest(companyId, 'form-42');

    // Assess
    expect(first).toEqual({ pages: 3, received: 6, created: 5, duplicates: 0, quarantined: 1 });
    expect(second).toEqual({ pages: 1, received: 2, created: 2, duplicates: 0, quarantined: 0 });
    expect(third).toEqual({ pages: 1, received: 0, created: 0, duplicates: 0, quarantined: 0 });
    const cursor = await uow.run(({ leadCursors }) => leadCursors.get(companyId, 'form-42'));
    expect(cursor?.position).toEqual(expect.any(String));
  });
});
