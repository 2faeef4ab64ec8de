import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { isBaltraError } from '../../../../domain/errors.js';
import type { AdSpendSource } from '../../../../domain/ports/ad-spend-source.js';
import { AdminDashboardService } from '../../../../domain/services/admin-dashboard-service.js';
import { FunnelService } from '../../../../domain/services/funnel-service.js';
import { LeadIngestionService } from '../../../../domain/services/lead-ingestion-service.js';
import { InMemoryLeadSource } from '../../../memory/in-memory-lead-source.js';
import { aRawLead } from '../../factories.js';
import type { ContractTestApi } from '../contract-test-api.js';
import { expectBaltraError } from '../expect-baltra-error.js';
import type { PersistenceFixture } from '../persistence-fixture.js';

/**
 * The one not-found rule (ADR 0025) on an adapter: every use case given the id of a company
 * that does not exist fails with `NOT_FOUND` (entity `Company`) before it reads or writes
 * anything else, while a known company without data reads as zeros. A malformed id is
 * `VALIDATION_FAILED`, checked before the store is asked.
 *
 * @example
 * ```ts
 * unknownCompanyCases(fixture, api);
 * ```
 */
export function unknownCompanyCases(
  fixture: PersistenceFixture,
  { describe, it }: ContractTestApi,
): void {
  const period = {
    from: new Date('2026-03-01T00:00:00.000Z'),
    to: new Date('2026-04-01T00:00:00.000Z'),
  };

  describe('an unknown company (one not-found rule)', () => {
    it('FunnelService.buckets: NOT_FOUND naming the company; zeros for a known one without candidates', async () => {
      const known = await fixture.givenCompany();
      const unknown = randomUUID();

      const error = await expectBaltraError(
        fixture.run((repositories) => new FunnelService(repositories).buckets(unknown)),
        'NOT_FOUND',
      );
      const empty = await fixture.run((repositories) =>
        new FunnelService(repositories).buckets(known.id),
      );

      assert.ok(isBaltraError(error));
      assert.deepEqual(error.context, { entity: 'Company', id: unknown });
      assert.equal(empty.total, 0);
      assert.ok(Object.values(empty.counts).every((count) => count === 0));
    });

    it('FunnelService.buckets: NOT_FOUND with a filter too, VALIDATION_FAILED for a malformed id', async () => {
      await expectBaltraError(
        fixture.run((repositories) =>
          new FunnelService(repositories).buckets(randomUUID(), { source: 'meta_lead_ad' }),
        ),
        'NOT_FOUND',
      );
      await expectBaltraError(
        fixture.run((repositories) => new FunnelService(repositories).buckets('acme')),
        'VALIDATION_FAILED',
      );
    });

    it('AdminDashboardService.report: NOT_FOUND even when the ad-spend source fails first', async () => {
      const failingSource: AdSpendSource = {
        spend: () => Promise.reject(new Error('ad account unavailable')),
      };

      await expectBaltraError(
        new AdminDashboardService(fixture.unitOfWork).report(randomUUID(), period),
        'NOT_FOUND',
      );
      await expectBaltraError(
        new AdminDashboardService(fixture.unitOfWork, failingSource).report(randomUUID(), period),
        'NOT_FOUND',
      );
    });

    it('LeadIngestionService.ingest: NOT_FOUND before the lead source is asked; nothing stored', async () => {
      const unknown = randomUUID();
      const formId = `form-${randomUUID()}`;
      const source = new InMemoryLeadSource([aRawLead({ formId }), aRawLead({ formId })]);

      await expectBaltraError(
        new LeadIngestionService(fixture.unitOfWork, source).ingest(unknown, formId),
        'NOT_FOUND',
      );

      assert.deepEqual(source.requests, []);
      assert.equal(await fixture.run(({ leadCursors }) => leadCursors.get(unknown, formId)), null);
    });
  });
}
