import assert from 'node:assert/strict';
import { FunnelService } from '../../../domain/services/funnel-service.js';
import { aCandidate } from '../factories.js';
import type { ContractTestApi } from './contract-test-api.js';
import { actionAttemptCases } from './persistence/action-attempt-cases.js';
import { candidateCases } from './persistence/candidate-cases.js';
import { companyCases } from './persistence/company-cases.js';
import { dashboardCases } from './persistence/dashboard-cases.js';
import { eventOutboxCases } from './persistence/event-outbox-cases.js';
import { idempotencyCases } from './persistence/idempotency-cases.js';
import { leadCases } from './persistence/lead-cases.js';
import { onboardingCases } from './persistence/onboarding-cases.js';
import { stageTransitionCases } from './persistence/stage-transition-cases.js';
import { unitOfWorkCases } from './persistence/unit-of-work-cases.js';
import { PersistenceFixture } from './persistence-fixture.js';
import type { PersistenceSetup } from './persistence-harness.js';

/**
 * The behaviour every persistence adapter must share: `UnitOfWork` (commit, rollback,
 * savepoints) and every repository of `Repositories` — companies, vacancies, candidates
 * (optimistic updates, batch inserts that skip known leads), stage transitions, the outbox,
 * lead cursors, quarantine, onboardings, idempotency, action attempts and dashboard queries —
 * plus `FunnelService.buckets` on top of them. Run it against your own adapter to prove it
 * behaves like the SDK's in-memory, PGlite and PostgreSQL adapters. Tests create their own
 * companies and keys, so a shared database is fine.
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
  const fixture = new PersistenceFixture(setup);

  describe(`${adapterName}: persistence contract`, () => {
    beforeAll(() => fixture.open());
    afterAll(() => fixture.close());

    unitOfWorkCases(fixture, api);
    companyCases(fixture, api);
    candidateCases(fixture, api);
    stageTransitionCases(fixture, api);
    eventOutboxCases(fixture, api);
    leadCases(fixture, api);
    onboardingCases(fixture, api);
    idempotencyCases(fixture, api);
    actionAttemptCases(fixture, api);
    dashboardCases(fixture, api);

    describe('FunnelService.buckets', () => {
      it('reports counts, totals and conversion computed by the store', async () => {
        const company = await fixture.givenCompany();
        const stages = [
          'applied',
          'applied',
          'screening',
          'interviewed',
          'hired',
          'rejected',
        ] as const;
        await fixture.givenCandidates(
          stages.map((stage) => aCandidate({ companyId: company.id, stage })),
        );

        const buckets = await fixture.run((repositories) =>
          new FunnelService(repositories).buckets(company.id),
        );

        assert.equal(buckets.total, 6);
        assert.equal(buckets.counts.applied, 2);
        assert.equal(buckets.counts.onboarded, 0);
        assert.equal(buckets.reached.applied, 5);
        assert.deepEqual(buckets.conversion[0], { from: 'applied', to: 'screening', rate: 3 / 5 });
      });
    });
  });
}
