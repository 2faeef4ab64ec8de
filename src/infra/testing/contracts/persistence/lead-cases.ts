import assert from 'node:assert/strict';
import { aLeadCursor, aQuarantinedLead, aRawLead } from '../../factories.js';
import type { ContractTestApi } from '../contract-test-api.js';
import type { PersistenceFixture } from '../persistence-fixture.js';

/**
 * Contract cases of `LeadCursorRepository` and `QuarantineRepository`.
 *
 * @example
 * ```ts
 * leadCases(fixture, api);
 * ```
 */
export function leadCases(fixture: PersistenceFixture, { describe, it }: ContractTestApi): void {
  describe('LeadCursorRepository', () => {
    it('returns null before the first save, then the saved cursor', async () => {
      const company = await fixture.givenCompany();
      const cursor = aLeadCursor({ companyId: company.id, sourceKey: 'form-1' });

      const before = await fixture.run(({ leadCursors }) => leadCursors.get(company.id, 'form-1'));
      await fixture.run(({ leadCursors }) => leadCursors.save(cursor));

      assert.equal(before, null);
      assert.deepEqual(
        await fixture.run(({ leadCursors }) => leadCursors.get(company.id, 'form-1')),
        cursor,
      );
    });

    it('replaces the cursor of the same company and source key, and keeps others apart', async () => {
      const [acme, globex] = [await fixture.givenCompany(), await fixture.givenCompany()];
      const other = aLeadCursor({ companyId: acme.id, sourceKey: 'form-2' });
      const elsewhere = aLeadCursor({ companyId: globex.id, sourceKey: 'form-1' });
      const replaced = aLeadCursor({
        companyId: acme.id,
        sourceKey: 'form-1',
        position: null,
        updatedAt: new Date('2026-03-02T00:00:00.000Z'),
      });

      await fixture.run(async ({ leadCursors }) => {
        await leadCursors.save(aLeadCursor({ companyId: acme.id, sourceKey: 'form-1' }));
        await leadCursors.save(other);
        await leadCursors.save(elsewhere);
      });
      await fixture.run(({ leadCursors }) => leadCursors.save(replaced));

      const stored = await fixture.run(({ leadCursors }) =>
        Promise.all([
          leadCursors.get(acme.id, 'form-1'),
          leadCursors.get(acme.id, 'form-2'),
          leadCursors.get(globex.id, 'form-1'),
        ]),
      );
      assert.deepEqual(stored, [replaced, other, elsewhere]);
    });
  });

  describe('QuarantineRepository', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 12, minute));

    it('stores leads with their reasons and lists them most recent first, up to a limit', async () => {
      const company = await fixture.givenCompany();
      const older = aQuarantinedLead({ companyId: company.id, quarantinedAt: at(1) });
      const newest = aQuarantinedLead({
        companyId: company.id,
        quarantinedAt: at(3),
        reasons: ['phone_number: invalid', 'email: invalid'],
        lead: aRawLead({}, { phone_number: '123', email: 'ana@' }),
      });
      const middle = aQuarantinedLead({ companyId: company.id, quarantinedAt: at(2) });

      await fixture.run(({ quarantine }) => quarantine.add([older, newest, middle]));

      const result = await fixture.run(async ({ quarantine }) => ({
        count: await quarantine.count(company.id),
        all: await quarantine.list(company.id, 10),
        top: await quarantine.list(company.id, 2),
      }));
      assert.equal(result.count, 3);
      assert.deepEqual(result.all, [newest, middle, older]);
      assert.deepEqual(result.top, [newest, middle]);
    });

    it('keeps the first entry of a lead per company, across calls and within one', async () => {
      const [acme, globex] = [await fixture.givenCompany(), await fixture.givenCompany()];
      const first = aQuarantinedLead({ companyId: acme.id, quarantinedAt: at(1) });
      const sameCall = {
        ...aQuarantinedLead({ companyId: acme.id }),
        metaLeadId: first.metaLeadId,
      };
      const later = { ...aQuarantinedLead({ companyId: acme.id }), metaLeadId: first.metaLeadId };
      const otherCompany = {
        ...aQuarantinedLead({ companyId: globex.id }),
        metaLeadId: first.metaLeadId,
      };

      await fixture.run(({ quarantine }) => quarantine.add([first, sameCall]));
      await fixture.run(({ quarantine }) => quarantine.add([later, otherCompany]));

      const result = await fixture.run(async ({ quarantine }) => ({
        acme: await quarantine.list(acme.id, 10),
        globex: await quarantine.count(globex.id),
      }));
      assert.deepEqual(result, { acme: [first], globex: 1 });
    });

    it('counts nothing for a company without quarantined leads', async () => {
      const company = await fixture.givenCompany();

      const result = await fixture.run(async ({ quarantine }) => ({
        count: await quarantine.count(company.id),
        list: await quarantine.list(company.id, 10),
      }));

      assert.deepEqual(result, { count: 0, list: [] });
    });
  });
}
