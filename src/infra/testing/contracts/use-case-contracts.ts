import type { ContractTestApi } from './contract-test-api.js';
import { PersistenceFixture } from './persistence-fixture.js';
import type { PersistenceSetup } from './persistence-harness.js';
import { adminDashboardCases } from './use-cases/admin-dashboard-cases.js';
import { funnelServiceCases } from './use-cases/funnel-service-cases.js';
import { leadIngestionCases } from './use-cases/lead-ingestion-cases.js';
import { onboardingServiceCases } from './use-cases/onboarding-service-cases.js';
import { unknownCompanyCases } from './use-cases/unknown-company-cases.js';

/**
 * The use cases end to end on a persistence adapter: `FunnelService.moveCandidate`
 * (transitions, events, idempotent request ids, optimistic conflicts), `LeadIngestionService`
 * (quarantine, de-duplication, a cursor that advances with its page in one transaction),
 * `OnboardingService`, `AdminDashboardService`, and the one not-found rule (an unknown company
 * is `NOT_FOUND` in every use case that takes a company id; ADR 0025). Lead source, workflow engine and ad spend
 * are the in-memory fakes, so only the adapter under test varies. Tests create their own
 * companies, so a shared database is fine.
 *
 * @example
 * ```ts
 * import { afterAll, beforeAll, describe, it } from 'vitest';
 * import { useCaseContracts, InMemoryUnitOfWork } from '@baltra/sdk/testing';
 *
 * useCaseContracts('in-memory', async () => ({ unitOfWork: new InMemoryUnitOfWork() }),
 *   { describe, it, beforeAll, afterAll });
 * ```
 */
export function useCaseContracts(
  adapterName: string,
  setup: PersistenceSetup,
  api: ContractTestApi,
): void {
  const { describe, beforeAll, afterAll } = api;
  const fixture = new PersistenceFixture(setup);

  describe(`${adapterName}: use-case contract`, () => {
    beforeAll(() => fixture.open());
    afterAll(() => fixture.close());

    funnelServiceCases(fixture, api);
    leadIngestionCases(fixture, api);
    onboardingServiceCases(fixture, api);
    adminDashboardCases(fixture, api);
    unknownCompanyCases(fixture, api);
  });
}
