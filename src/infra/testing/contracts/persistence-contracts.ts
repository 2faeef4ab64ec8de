import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Candidate } from '../../../domain/models/candidate.js';
import type { Company } from '../../../domain/models/company.js';
import type { UnitOfWork } from '../../../domain/ports/unit-of-work.js';
import { FunnelService } from '../../../domain/services/funnel-service.js';
import { aCandidate, aCompany } from '../factories.js';
import type { ContractTestApi } from './contract-test-api.js';
import { expectBaltraError } from './expect-baltra-error.js';
import type { PersistenceHarness, PersistenceSetup } from './persistence-harness.js';

/**
 * The behaviour every persistence adapter must share: `UnitOfWork` (commit, rollback),
 * `CompanyRepository`, `CandidateRepository` and `FunnelService` on top of them. Run it
 * against your own adapter to prove it behaves like the SDK's in-memory, PGlite and
 * PostgreSQL adapters. Tests create their own companies, so a shared database is fine.
 *
 * @example
 * ```ts
 * import { afterAll, beforeAll, describe, it } from 'vitest';
 * import { persistenceContracts, InMemoryUnitOfWork } from '@baltra/sdk/testing';
 *
 * persistenceContracts('in-memory', async () => ({ unitOfWork: new InMemoryUnitOfWork() }),
 *   { describe, it, beforeAll, afterAll });
 * ```
 */
export function persistenceContracts(
  adapterName: string,
  setup: PersistenceSetup,
  api: ContractTestApi,
): void {
  const { describe, it, beforeAll, afterAll } = api;
  let harness: PersistenceHarness | undefined;
  const uow = (): UnitOfWork => {
    assert.ok(harness, 'the persistence harness was not set up');
    return harness.unitOfWork;
  };
  const givenCompany = async (overrides: Partial<Company> = {}): Promise<Company> => {
    const company = aCompany(overrides);
    await uow().run(({ companies }) => companies.add(company));
    return company;
  };
  const givenCandidates = async (list: Candidate[]): Promise<void> => {
    await uow().run(async ({ candidates }) => {
      for (const candidate of list) await candidates.add(candidate);
    });
  };

  describe(`${adapterName}: persistence contract`, () => {
    beforeAll(async () => {
      harness = await setup();
    });
    afterAll(async () => {
      await harness?.close?.();
    });

    describe('UnitOfWork', () => {
      it('commits what the work wrote when it returns, and returns its value', async () => {
        const company = aCompany();

        const value = await uow().run(async ({ companies }) => {
          await companies.add(company);
          return 42;
        });

        assert.equal(value, 42);
        assert.deepEqual(await uow().run(({ companies }) => companies.get(company.id)), company);
      });

      it('rolls back every write and rethrows the same error when the work throws', async () => {
        const company = aCompany();
        const candidate = aCandidate({ companyId: company.id });
        const failure = new Error('boom');

        const thrown = await uow()
          .run(async ({ companies, candidates }) => {
            await companies.add(company);
            await candidates.add(candidate);
            throw failure;
          })
          .catch((error: unknown) => error);

        assert.equal(thrown, failure);
        const after = await uow().run(async ({ companies, candidates }) => ({
          company: await companies.get(company.id),
          candidate: await candidates.get(candidate.id),
        }));
        assert.deepEqual(after, { company: null, candidate: null });
      });

      it('rolls back earlier writes when a later write of the same work fails', async () => {
        const company = await givenCompany();
        const first = aCandidate({ companyId: company.id, metaLeadId: 'lead-1' });
        const clash = aCandidate({ companyId: company.id, metaLeadId: 'lead-1' });

        await expectBaltraError(
          uow().run(async ({ candidates }) => {
            await candidates.add(first);
            await candidates.add(clash);
          }),
          'CONFLICT',
        );

        assert.equal(await uow().run(({ candidates }) => candidates.get(first.id)), null);
      });

      it('commits concurrent units of work independently', async () => {
        const list = [aCompany(), aCompany(), aCompany(), aCompany()];

        await Promise.all(list.map((c) => uow().run(({ companies }) => companies.add(c))));

        const stored = await uow().run(({ companies }) =>
          Promise.all(list.map((c) => companies.get(c.id))),
        );
        assert.deepEqual(stored, list);
      });
    });

    describe('CompanyRepository', () => {
      it('returns null for an unknown id', async () => {
        assert.equal(await uow().run(({ companies }) => companies.get(randomUUID())), null);
      });

      it('rejects a duplicate id with CONFLICT', async () => {
        const company = await givenCompany();

        await expectBaltraError(
          uow().run(({ companies }) => companies.add({ ...company, name: 'Other' })),
          'CONFLICT',
        );
      });
    });

    describe('CandidateRepository', () => {
      it('stores and returns a candidate with every optional field', async () => {
        const company = await givenCompany();
        const candidate = aCandidate({
          companyId: company.id,
          vacancyId: randomUUID(),
          email: 'ana.lopez@example.com',
          metaLeadId: '1234567890',
          stage: 'screening',
        });

        await givenCandidates([candidate]);

        assert.deepEqual(
          await uow().run(({ candidates }) => candidates.get(candidate.id)),
          candidate,
        );
      });

      it('stores and returns a candidate without optional fields', async () => {
        const company = await givenCompany();
        const candidate = aCandidate({ companyId: company.id });

        await givenCandidates([candidate]);

        const stored = await uow().run(({ candidates }) => candidates.get(candidate.id));
        assert.deepEqual(stored, candidate);
        assert.ok(stored && !('email' in stored) && !('vacancyId' in stored));
      });

      it('returns null for an unknown id', async () => {
        assert.equal(await uow().run(({ candidates }) => candidates.get(randomUUID())), null);
      });

      it('rejects a duplicate id with CONFLICT', async () => {
        const company = await givenCompany();
        const candidate = aCandidate({ companyId: company.id });
        await givenCandidates([candidate]);

        await expectBaltraError(givenCandidates([{ ...candidate, name: 'Twin' }]), 'CONFLICT');
      });

      it('rejects a candidate of an unknown company with NOT_FOUND', async () => {
        await expectBaltraError(
          givenCandidates([aCandidate({ companyId: randomUUID() })]),
          'NOT_FOUND',
        );
      });

      it('allows one candidate per Meta lead id and company', async () => {
        const [acme, globex] = [await givenCompany(), await givenCompany()];
        await givenCandidates([aCandidate({ companyId: acme.id, metaLeadId: 'lead-7' })]);

        await expectBaltraError(
          givenCandidates([aCandidate({ companyId: acme.id, metaLeadId: 'lead-7' })]),
          'CONFLICT',
        );
        await givenCandidates([aCandidate({ companyId: globex.id, metaLeadId: 'lead-7' })]);
      });

      it('finds a candidate by Meta lead id within its company only', async () => {
        const [acme, globex] = [await givenCompany(), await givenCompany()];
        const candidate = aCandidate({ companyId: acme.id, metaLeadId: 'lead-9' });
        await givenCandidates([candidate]);

        const found = await uow().run(async ({ candidates }) => ({
          own: await candidates.findByMetaLeadId(acme.id, 'lead-9'),
          other: await candidates.findByMetaLeadId(globex.id, 'lead-9'),
          missing: await candidates.findByMetaLeadId(acme.id, 'lead-10'),
        }));

        assert.deepEqual(found, { own: candidate, other: null, missing: null });
      });

      it('updates mutable fields and keeps createdAt', async () => {
        const company = await givenCompany();
        const candidate = aCandidate({ companyId: company.id });
        await givenCandidates([candidate]);
        const changed: Candidate = {
          ...candidate,
          stage: 'screening',
          email: 'new@example.com',
          updatedAt: new Date('2026-03-01T10:00:00.000Z'),
          createdAt: new Date('2030-01-01T00:00:00.000Z'),
        };

        await uow().run(({ candidates }) => candidates.update(changed));

        assert.deepEqual(await uow().run(({ candidates }) => candidates.get(candidate.id)), {
          ...changed,
          createdAt: candidate.createdAt,
        });
      });

      it('rejects an update of an unknown candidate with NOT_FOUND', async () => {
        const company = await givenCompany();

        await expectBaltraError(
          uow().run(({ candidates }) => candidates.update(aCandidate({ companyId: company.id }))),
          'NOT_FOUND',
        );
      });

      it('counts candidates per stage for one company only', async () => {
        const [acme, globex] = [await givenCompany(), await givenCompany()];
        await givenCandidates([
          aCandidate({ companyId: acme.id, stage: 'applied' }),
          aCandidate({ companyId: acme.id, stage: 'applied' }),
          aCandidate({ companyId: acme.id, stage: 'hired' }),
          aCandidate({ companyId: acme.id, stage: 'rejected' }),
          aCandidate({ companyId: globex.id, stage: 'applied' }),
        ]);

        const counts = await uow().run(({ candidates }) => candidates.countByStage(acme.id));

        assert.deepEqual(withoutZeros(counts), { applied: 2, hired: 1, rejected: 1 });
      });

      it('counts with filters on source, vacancy and creation time (from inclusive, to exclusive)', async () => {
        const company = await givenCompany();
        const vacancyId = randomUUID();
        const t = (day: number) => new Date(Date.UTC(2026, 2, day));
        await givenCandidates([
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

        const result = await uow().run(async ({ candidates }) => ({
          bySource: await candidates.countByStage(company.id, { source: 'referral' }),
          byVacancy: await candidates.countByStage(company.id, { vacancyId }),
          byTime: await candidates.countByStage(company.id, { createdFrom: t(2), createdTo: t(4) }),
        }));

        assert.deepEqual(withoutZeros(result.bySource), { applied: 1 });
        assert.deepEqual(withoutZeros(result.byVacancy), { applied: 1, screening: 1 });
        assert.deepEqual(withoutZeros(result.byTime), { applied: 1, screening: 1 });
      });
    });

    describe('FunnelService', () => {
      it('reports counts, totals and conversion computed by the store', async () => {
        const company = await givenCompany();
        const stages = [
          'applied',
          'applied',
          'screening',
          'interviewed',
          'hired',
          'rejected',
        ] as const;
        await givenCandidates(stages.map((stage) => aCandidate({ companyId: company.id, stage })));

        const buckets = await uow().run(({ candidates }) =>
          new FunnelService(candidates).buckets(company.id),
        );

        assert.equal(buckets.total, 6);
        assert.equal(buckets.counts.applied, 2);
        assert.equal(buckets.counts.onboarded, 0);
        assert.equal(buckets.reached.applied, 5);
        assert.deepEqual(buckets.conversion[0], { from: 'applied', to: 'screening', rate: 3 / 5 });
      });

      it('moves a candidate along a legal path and persists it', async () => {
        const company = await givenCompany();
        const candidate = aCandidate({ companyId: company.id });
        await givenCandidates([candidate]);

        await uow().run(({ candidates }) =>
          new FunnelService(candidates).moveCandidate({
            candidateId: candidate.id,
            to: 'screening',
          }),
        );

        const stored = await uow().run(({ candidates }) => candidates.get(candidate.id));
        assert.equal(stored?.stage, 'screening');
      });

      it('refuses an illegal move and leaves the candidate where it was', async () => {
        const company = await givenCompany();
        const candidate = aCandidate({ companyId: company.id });
        await givenCandidates([candidate]);

        await expectBaltraError(
          uow().run(({ candidates }) =>
            new FunnelService(candidates).moveCandidate({ candidateId: candidate.id, to: 'hired' }),
          ),
          'ILLEGAL_STAGE_TRANSITION',
        );

        const stored = await uow().run(({ candidates }) => candidates.get(candidate.id));
        assert.equal(stored?.stage, 'applied');
      });
    });
  });
}

function withoutZeros(counts: Record<string, number | undefined>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts).filter(([, n]) => n !== undefined && n > 0),
  ) as Record<string, number>;
}
