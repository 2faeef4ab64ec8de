import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Onboarding } from '../../../../domain/models/onboarding.js';
import { anOnboarding } from '../../factories.js';
import type { ContractTestApi } from '../contract-test-api.js';
import type { PersistenceFixture } from '../persistence-fixture.js';

/**
 * Contract cases of `OnboardingRepository`.
 *
 * @example
 * ```ts
 * onboardingCases(fixture, api);
 * ```
 */
export function onboardingCases(
  fixture: PersistenceFixture,
  { describe, it }: ContractTestApi,
): void {
  const get = (candidateId: string) =>
    fixture.run(({ onboardings }) => onboardings.get(candidateId));

  describe('OnboardingRepository', () => {
    it('returns null for a candidate without onboarding', async () => {
      assert.equal(await get(randomUUID()), null);
    });

    it('stores a started onboarding without the optional fields, then replaces it', async () => {
      const company = await fixture.givenCompany();
      const candidate = await fixture.givenCandidate({ companyId: company.id, stage: 'hired' });
      const started = anOnboarding({ candidateId: candidate.id, companyId: company.id });
      const failed: Onboarding = {
        ...started,
        status: 'failed',
        failureReason: 'documents rejected',
        finishedAt: new Date('2026-03-12T10:00:00.000Z'),
      };

      await fixture.run(({ onboardings }) => onboardings.save(started));
      const first = await get(candidate.id);
      await fixture.run(({ onboardings }) => onboardings.save(failed));

      assert.deepEqual(first, started);
      assert.ok(first && !('failureReason' in first) && !('finishedAt' in first));
      assert.deepEqual(await get(candidate.id), failed);
    });
  });
}
