import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { RawLead } from '../../../../domain/models/lead.js';
import type { UnitOfWork } from '../../../../domain/ports/unit-of-work.js';
import {
  type LeadIngestionOptions,
  LeadIngestionService,
} from '../../../../domain/services/lead-ingestion-service.js';
import { InMemoryLeadSource } from '../../../memory/in-memory-lead-source.js';
import { aRawLead } from '../../factories.js';
import { FaultInjectingUnitOfWork } from '../../fault-injecting-unit-of-work.js';
import type { ContractTestApi } from '../contract-test-api.js';
import type { PersistenceFixture } from '../persistence-fixture.js';

/**
 * Contract cases of `LeadIngestionService` on an adapter, with an `InMemoryLeadSource`.
 *
 * @example
 * ```ts
 * leadIngestionCases(fixture, api);
 * ```
 */
export function leadIngestionCases(
  fixture: PersistenceFixture,
  { describe, it }: ContractTestApi,
): void {
  const now = new Date('2026-03-02T08:00:00.000Z');
  const ingestion = (
    source: InMemoryLeadSource,
    options: LeadIngestionOptions = {},
    unitOfWork: UnitOfWork = fixture.unitOfWork,
  ) => new LeadIngestionService(unitOfWork, source, { now: () => now, ...options });
  const leadsOf = (formId: string, count: number): RawLead[] =>
    Array.from({ length: count }, () => aRawLead({ formId }));
  const storedLeadIds = (companyId: string, leads: readonly RawLead[]) =>
    fixture.run(async ({ candidates }) => {
      const found = await Promise.all(
        leads.map((lead) => candidates.findByMetaLeadId(companyId, lead.id)),
      );
      return leads.filter((_, i) => found[i] !== null).map((lead) => lead.id);
    });
  const cursorOf = (companyId: string, formId: string) =>
    fixture.run(({ leadCursors }) => leadCursors.get(companyId, formId));

  describe('LeadIngestionService', () => {
    it('creates candidates, quarantines invalid leads with their reasons, and counts both', async () => {
      const company = await fixture.givenCompany();
      const formId = `form-${randomUUID()}`;
      const valid = aRawLead({ formId }, { phone_number: '55 1234 5678' });
      const splitName = aRawLead(
        { formId },
        { full_name: null, first_name: 'Luz', last_name: 'Ortega', email: null },
      );
      const noPhone = aRawLead({ formId }, { phone_number: null });
      const badEmail = aRawLead({ formId }, { email: 'luz@' });
      const nothing = aRawLead({ formId, fieldData: [] });

      const report = await ingestion(
        new InMemoryLeadSource([valid, splitName, noPhone, badEmail, nothing]),
      ).ingest(company.id, formId);

      assert.deepEqual(report, {
        pages: 1,
        received: 5,
        created: 2,
        duplicates: 0,
        quarantined: 3,
      });
      const state = await fixture.run(async ({ candidates, transitions, quarantine, outbox }) => {
        const first = await candidates.findByMetaLeadId(company.id, valid.id);
        const second = await candidates.findByMetaLeadId(company.id, splitName.id);
        return {
          first,
          second,
          history: first ? await transitions.listByCandidate(first.id) : [],
          quarantined: await quarantine.list(company.id, 10),
          events: (await outbox.pending(100_000)).filter((e) => e.companyId === company.id),
        };
      });
      assert.deepEqual(
        state.first && {
          phone: state.first.phone,
          stage: state.first.stage,
          source: state.first.source,
          version: state.first.version,
          createdAt: state.first.createdAt,
        },
        {
          phone: '+525512345678',
          stage: 'applied',
          source: 'meta_lead_ad',
          version: 1,
          createdAt: valid.createdTime,
        },
      );
      assert.equal(state.second?.name, 'Luz Ortega');
      assert.ok(state.second && !('email' in state.second));
      assert.deepEqual(
        state.history.map(({ from, to, actor }) => ({ from, to, actor })),
        [{ from: null, to: 'applied', actor: 'lead-ingestion' }],
      );
      const reasons = Object.fromEntries(state.quarantined.map((q) => [q.metaLeadId, q.reasons]));
      assert.deepEqual(reasons, {
        [noPhone.id]: ['phone_number: missing'],
        [badEmail.id]: ['email: invalid'],
        [nothing.id]: ['full_name: missing', 'phone_number: missing'],
      });
      assert.deepEqual(state.events.map((e) => e.type).sort(), [
        'candidate.applied',
        'candidate.applied',
        'lead.quarantined',
        'lead.quarantined',
        'lead.quarantined',
      ]);
      const payloads = JSON.stringify(state.events.map((e) => e.payload));
      for (const pii of ['Luz', '5512345678', '@example.com', 'luz@']) {
        assert.ok(!payloads.includes(pii), `event payloads must not carry PII (${pii})`);
      }
    });

    it("attributes each candidate to its lead's campaign, and none to a lead without one", async () => {
      const company = await fixture.givenCompany();
      const formId = `form-${randomUUID()}`;
      const fromCampaign = aRawLead({ formId, campaignId: '120200000000000777' });
      const { campaignId: _none, ...withoutCampaign } = aRawLead({ formId });

      await ingestion(new InMemoryLeadSource([fromCampaign, withoutCampaign])).ingest(
        company.id,
        formId,
      );

      const [first, second] = await fixture.run(({ candidates }) =>
        Promise.all([
          candidates.findByMetaLeadId(company.id, fromCampaign.id),
          candidates.findByMetaLeadId(company.id, withoutCampaign.id),
        ]),
      );
      assert.equal(first?.campaignId, '120200000000000777');
      assert.ok(second && !('campaignId' in second));
    });

    it('stores the same lead once: within a page, across pages and across runs', async () => {
      const company = await fixture.givenCompany();
      const formId = `form-${randomUUID()}`;
      const [a, b] = leadsOf(formId, 2) as [RawLead, RawLead];
      const leads = [a, a, b, a];

      const first = await ingestion(new InMemoryLeadSource(leads), { batchSize: 3 }).ingest(
        company.id,
        formId,
      );
      // A source that re-delivers everything (the cursor reset) must not create anyone twice.
      await fixture.run(({ leadCursors }) =>
        leadCursors.save({
          companyId: company.id,
          sourceKey: formId,
          position: null,
          updatedAt: new Date(),
        }),
      );
      const again = await ingestion(new InMemoryLeadSource(leads)).ingest(company.id, formId);

      assert.deepEqual(first, { pages: 2, received: 4, created: 2, duplicates: 2, quarantined: 0 });
      assert.deepEqual(again, { pages: 1, received: 4, created: 0, duplicates: 4, quarantined: 0 });
      const counts = await fixture.run(({ candidates }) => candidates.countByStage(company.id));
      assert.equal(counts.applied, 2);
    });

    it('keeps earlier pages and their cursor when a later fetch fails, and resumes after them', async () => {
      const company = await fixture.givenCompany();
      const formId = `form-${randomUUID()}`;
      const leads = leadsOf(formId, 5);
      const failure = new Error('Meta is down');
      const source = new InMemoryLeadSource(leads, { failOnPage: 3, failure });
      const page2 = await secondPageCursor(leads, company.id, formId);

      const thrown = await ingestion(source, { batchSize: 2 })
        .ingest(company.id, formId)
        .catch((error: unknown) => error);

      assert.equal(thrown, failure);
      assert.deepEqual(
        await storedLeadIds(company.id, leads),
        leads.slice(0, 4).map((l) => l.id),
      );
      assert.equal((await cursorOf(company.id, formId))?.position, page2);

      const resumed = await ingestion(source, { batchSize: 2 }).ingest(company.id, formId);

      assert.deepEqual(resumed, {
        pages: 1,
        received: 1,
        created: 1,
        duplicates: 0,
        quarantined: 0,
      });
      // The cursor stays after the last lead, so a later run only sees leads that arrive since.
      const afterAll = (await cursorOf(company.id, formId))?.position;
      assert.ok(afterAll);
      source.push(...leadsOf(formId, 1));
      const later = await ingestion(source, { batchSize: 2 }).ingest(company.id, formId);
      assert.deepEqual(later, { pages: 1, received: 1, created: 1, duplicates: 0, quarantined: 0 });
    });

    it('stores nothing of a page whose transaction fails, and keeps the cursor before it', async () => {
      const company = await fixture.givenCompany();
      const formId = `form-${randomUUID()}`;
      const leads = leadsOf(formId, 5);
      const source = new InMemoryLeadSource(leads);
      const page1 = (
        await new InMemoryLeadSource(leads).fetchLeads({
          companyId: company.id,
          sourceKey: formId,
          cursor: null,
          limit: 2,
        })
      ).nextCursor;
      // Run 1 reads the cursor, run 2 stores page 1, run 3 stores page 2 and fails at its end.
      const faulty = new FaultInjectingUnitOfWork(fixture.unitOfWork, {
        run: 3,
        operation: 'leadCursors.save',
      });

      await assert.rejects(ingestion(source, { batchSize: 2 }, faulty).ingest(company.id, formId));

      assert.deepEqual(
        await storedLeadIds(company.id, leads),
        leads.slice(0, 2).map((l) => l.id),
      );
      assert.equal((await cursorOf(company.id, formId))?.position, page1);
      const events = (await fixture.run(({ outbox }) => outbox.pending(100_000))).filter(
        (e) => e.companyId === company.id,
      );
      assert.equal(events.length, 2);
    });

    it('stops after maxPages and continues from the cursor on the next run', async () => {
      const company = await fixture.givenCompany();
      const formId = `form-${randomUUID()}`;
      const leads = leadsOf(formId, 5);
      const source = new InMemoryLeadSource(leads);

      const first = await ingestion(source, { batchSize: 2 }).ingest(company.id, formId, {
        maxPages: 1,
      });
      const rest = await ingestion(source, { batchSize: 2 }).ingest(company.id, formId);

      assert.deepEqual(first, { pages: 1, received: 2, created: 2, duplicates: 0, quarantined: 0 });
      assert.deepEqual(rest, { pages: 2, received: 3, created: 3, duplicates: 0, quarantined: 0 });
    });

    it('maps custom field names, applies the vacancy and reads leads created since a date', async () => {
      const company = await fixture.givenCompany();
      const formId = `form-${randomUUID()}`;
      const vacancyId = randomUUID();
      const old = aRawLead(
        { formId, createdTime: new Date('2026-01-01T00:00:00.000Z') },
        { phone_number: null, telefono: '81 2345 6789' },
      );
      const recent = aRawLead(
        { formId, createdTime: new Date('2026-03-01T00:00:00.000Z') },
        { phone_number: null, telefono: '81 2345 6780' },
      );

      const report = await ingestion(new InMemoryLeadSource([old, recent]), {
        vacancyId,
        fieldNames: { phone: 'telefono' },
      }).ingest(company.id, formId, { since: new Date('2026-02-01T00:00:00.000Z') });

      assert.deepEqual(report, {
        pages: 1,
        received: 1,
        created: 1,
        duplicates: 0,
        quarantined: 0,
      });
      const stored = await fixture.run(({ candidates }) =>
        candidates.findByMetaLeadId(company.id, recent.id),
      );
      assert.deepEqual(stored && { phone: stored.phone, vacancyId: stored.vacancyId }, {
        phone: '+528123456780',
        vacancyId,
      });
    });
  });
}

async function secondPageCursor(
  leads: readonly RawLead[],
  companyId: string,
  formId: string,
): Promise<string> {
  const source = new InMemoryLeadSource(leads);
  const request = { companyId, sourceKey: formId, limit: 2 };
  const first = await source.fetchLeads({ ...request, cursor: null });
  return (await source.fetchLeads({ ...request, cursor: first.nextCursor })).nextCursor;
}
