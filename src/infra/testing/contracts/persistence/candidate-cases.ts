import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Candidate } from '../../../../domain/models/candidate.js';
import type { StageCounts } from '../../../../domain/models/funnel-buckets.js';
import { aCandidate } from '../../factories.js';
import type { ContractTestApi } from '../contract-test-api.js';
import { expectBaltraError } from '../expect-baltra-error.js';
import type { PersistenceFixture } from '../persistence-fixture.js';

/**
 * Contract cases of `CandidateRepository`: storage, uniqueness, optimistic updates, batch
 * inserts that skip known leads, and counts per stage.
 *
 * @example
 * ```ts
 * candidateCases(fixture, api);
 * ```
 */
export function candidateCases(
  fixture: PersistenceFixture,
  { describe, it }: ContractTestApi,
): void {
  const get = (id: string) => fixture.run(({ candidates }) => candidates.get(id));

  describe('CandidateRepository', () => {
    it('stores and returns a candidate with every optional field', async () => {
      const company = await fixture.givenCompany();
      const candidate = aCandidate({
        companyId: company.id,
        vacancyId: randomUUID(),
        email: 'ana.lopez@example.com',
        metaLeadId: '1234567890',
        stage: 'screening',
        version: 3,
      });

      await fixture.givenCandidates([candidate]);

      assert.deepEqual(await get(candidate.id), candidate);
    });

    it('stores and returns a candidate without optional fields', async () => {
      const company = await fixture.givenCompany();
      const candidate = aCandidate({ companyId: company.id });

      await fixture.givenCandidates([candidate]);

      const stored = await get(candidate.id);
      assert.deepEqual(stored, candidate);
      assert.ok(stored && !('email' in stored) && !('vacancyId' in stored));
    });

    it('returns null for an unknown id', async () => {
      assert.equal(await get(randomUUID()), null);
    });

    it('rejects a duplicate id with CONFLICT', async () => {
      const company = await fixture.givenCompany();
      const candidate = await fixture.givenCandidate({ companyId: company.id });

      await expectBaltraError(
        fixture.givenCandidates([{ ...candidate, name: 'Twin' }]),
        'CONFLICT',
      );
    });

    it('rejects a candidate of an unknown company with NOT_FOUND', async () => {
      await expectBaltraError(
        fixture.givenCandidates([aCandidate({ companyId: randomUUID() })]),
        'NOT_FOUND',
      );
    });

    it('allows one candidate per Meta lead id and company', async () => {
      const [acme, globex] = [await fixture.givenCompany(), await fixture.givenCompany()];
      await fixture.givenCandidate({ companyId: acme.id, metaLeadId: 'lead-7' });

      await expectBaltraError(
        fixture.givenCandidates([aCandidate({ companyId: acme.id, metaLeadId: 'lead-7' })]),
        'CONFLICT',
      );
      await fixture.givenCandidate({ companyId: globex.id, metaLeadId: 'lead-7' });
    });

    it('finds a candidate by Meta lead id within its company only', async () => {
      const [acme, globex] = [await fixture.givenCompany(), await fixture.givenCompany()];
      const candidate = await fixture.givenCandidate({ companyId: acme.id, metaLeadId: 'lead-9' });

      const found = await fixture.run(async ({ candidates }) => ({
        own: await candidates.findByMetaLeadId(acme.id, 'lead-9'),
        other: await candidates.findByMetaLeadId(globex.id, 'lead-9'),
        missing: await candidates.findByMetaLeadId(acme.id, 'lead-10'),
      }));

      assert.deepEqual(found, { own: candidate, other: null, missing: null });
    });

    describe('update', () => {
      it('replaces the mutable fields, returns the candidate at version + 1 and keeps the rest', async () => {
        const company = await fixture.givenCompany();
        const candidate = await fixture.givenCandidate({
          companyId: company.id,
          metaLeadId: 'lead-11',
        });
        const vacancyId = randomUUID();
        const changed: Candidate = {
          ...candidate,
          name: 'Ana María López',
          phone: '+525598765432',
          email: 'new@example.com',
          vacancyId,
          stage: 'screening',
          updatedAt: new Date('2026-03-01T10:00:00.000Z'),
          createdAt: new Date('2030-01-01T00:00:00.000Z'),
          source: 'referral',
          metaLeadId: 'lead-12',
        };

        const returned = await fixture.run(({ candidates }) => candidates.update(changed));

        const expected: Candidate = {
          ...changed,
          createdAt: candidate.createdAt,
          source: candidate.source,
          metaLeadId: 'lead-11',
          version: 2,
        };
        assert.deepEqual(returned, expected);
        assert.deepEqual(await get(candidate.id), expected);
      });

      it('clears optional contact fields the update leaves out', async () => {
        const company = await fixture.givenCompany();
        const candidate = await fixture.givenCandidate({
          companyId: company.id,
          email: 'old@example.com',
          vacancyId: randomUUID(),
        });
        const { email: _email, vacancyId: _vacancyId, ...withoutContact } = candidate;

        await fixture.run(({ candidates }) => candidates.update(withoutContact));

        const stored = await get(candidate.id);
        assert.ok(stored && !('email' in stored) && !('vacancyId' in stored));
        assert.equal(stored.version, 2);
      });

      it('rejects a stale version with CONFLICT and keeps the stored candidate', async () => {
        const company = await fixture.givenCompany();
        const candidate = await fixture.givenCandidate({ companyId: company.id });
        const first = await fixture.run(({ candidates }) =>
          candidates.update({ ...candidate, stage: 'screening' }),
        );

        await expectBaltraError(
          fixture.run(({ candidates }) => candidates.update({ ...candidate, stage: 'withdrawn' })),
          'CONFLICT',
        );

        assert.deepEqual(await get(candidate.id), first);
      });

      it('rejects an update of an unknown candidate with NOT_FOUND', async () => {
        const company = await fixture.givenCompany();

        await expectBaltraError(
          fixture.run(({ candidates }) => candidates.update(aCandidate({ companyId: company.id }))),
          'NOT_FOUND',
        );
      });
    });

    describe('addNew', () => {
      it('inserts new candidates and returns them in input order', async () => {
        const company = await fixture.givenCompany();
        const batch = [
          aCandidate({ companyId: company.id, metaLeadId: 'lead-a' }),
          aCandidate({ companyId: company.id, metaLeadId: 'lead-b', email: 'b@example.com' }),
          aCandidate({ companyId: company.id }),
        ];

        const inserted = await fixture.run(({ candidates }) => candidates.addNew(batch));

        assert.deepEqual(inserted, batch);
        assert.deepEqual(await Promise.all(batch.map((c) => get(c.id))), batch);
      });

      it('skips candidates whose Meta lead id is stored or repeated earlier in the batch', async () => {
        const company = await fixture.givenCompany();
        const stored = await fixture.givenCandidate({
          companyId: company.id,
          metaLeadId: 'lead-old',
        });
        const fresh = aCandidate({ companyId: company.id, metaLeadId: 'lead-new' });
        const again = aCandidate({ companyId: company.id, metaLeadId: 'lead-old' });
        const repeat = aCandidate({ companyId: company.id, metaLeadId: 'lead-new' });
        const noLead = aCandidate({ companyId: company.id });

        const inserted = await fixture.run(({ candidates }) =>
          candidates.addNew([again, fresh, repeat, noLead]),
        );

        assert.deepEqual(
          inserted.map((c) => c.id),
          [fresh.id, noLead.id],
        );
        const after = await Promise.all([stored, again, fresh, repeat].map((c) => get(c.id)));
        assert.deepEqual(after, [stored, null, fresh, null]);
      });

      it('returns an empty list for an empty batch', async () => {
        assert.deepEqual(await fixture.run(({ candidates }) => candidates.addNew([])), []);
      });

      it('rejects a batch with a candidate of an unknown company with NOT_FOUND and inserts none of it', async () => {
        const company = await fixture.givenCompany();
        const good = aCandidate({ companyId: company.id, metaLeadId: 'lead-good' });
        const orphan = aCandidate({ companyId: randomUUID(), metaLeadId: 'lead-orphan' });

        await fixture.run(async ({ candidates }) => {
          await expectBaltraError(candidates.addNew([good, orphan]), 'NOT_FOUND');
        });

        assert.equal(await get(good.id), null);
      });
    });

    it('counts candidates per stage for one company only', async () => {
      const [acme, globex] = [await fixture.givenCompany(), await fixture.givenCompany()];
      await fixture.givenCandidates([
        aCandidate({ companyId: acme.id, stage: 'applied' }),
        aCandidate({ companyId: acme.id, stage: 'applied' }),
        aCandidate({ companyId: acme.id, stage: 'hired' }),
        aCandidate({ companyId: acme.id, stage: 'rejected' }),
        aCandidate({ companyId: globex.id, stage: 'applied' }),
      ]);

      const counts = await fixture.run(({ candidates }) => candidates.countByStage(acme.id));

      assert.deepEqual(withoutZeros(counts), { applied: 2, hired: 1, rejected: 1 });
    });

    it('counts with filters on source, vacancy and creation time (from inclusive, to exclusive)', async () => {
      const company = await fixture.givenCompany();
      const vacancyId = randomUUID();
      const t = (day: number) => new Date(Date.UTC(2026, 2, day));
      await fixture.givenCandidates([
        aCandidate({ companyId: company.id, source: 'referral', createdAt: t(1) }),
        aCandidate({ companyId: company.id, source: 'meta_lead_ad', vacancyId, createdAt: t(2) }),
        aCandidate({
          companyId: company.id,
          source: 'meta_lead_ad',
          vacancyId,
          createdAt: t(3),
          stage: 'screening',
        }),
        aCandidate({ companyId: company.id, source: 'meta_lead_ad', createdAt: t(4) }),
      ]);

      const result = await fixture.run(async ({ candidates }) => ({
        bySource: await candidates.countByStage(company.id, { source: 'referral' }),
        byVacancy: await candidates.countByStage(company.id, { vacancyId }),
        byTime: await candidates.countByStage(company.id, { createdFrom: t(2), createdTo: t(4) }),
      }));

      assert.deepEqual(withoutZeros(result.bySource), { applied: 1 });
      assert.deepEqual(withoutZeros(result.byVacancy), { applied: 1, screening: 1 });
      assert.deepEqual(withoutZeros(result.byTime), { applied: 1, screening: 1 });
    });
  });
}

function withoutZeros(counts: StageCounts): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts).filter(([, n]) => n !== undefined && n > 0),
  ) as Record<string, number>;
}
