import { AdminDashboardService, FunnelService, summariseFunnel } from '@baltra/sdk';
import {
  calculateConversionRates,
  getDashboardMetrics,
  getFunnelBuckets,
  getStageCounts,
} from '@baltra/sdk/legacy';
import {
  aCandidate,
  aCompany,
  aTransition,
  InMemoryAdSpendSource,
  InMemoryUnitOfWork,
} from '@baltra/sdk/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { onlyWarning, useDeprecationSpy } from './support/deprecation-spy.js';

describe('legacy dashboard-folder funnel helpers', () => {
  const deprecations = useDeprecationSpy();
  const company = aCompany();
  const period = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };
  let uow: InMemoryUnitOfWork;

  beforeEach(async () => {
    uow = new InMemoryUnitOfWork();
    const inMarch = new Date('2026-03-10T00:00:00Z');
    const hired = aCandidate({ companyId: company.id, stage: 'hired', createdAt: inMarch });
    await uow.run(async ({ companies, candidates, transitions }) => {
      await companies.add(company);
      await candidates.add(
        aCandidate({ companyId: company.id, stage: 'applied', createdAt: inMarch }),
      );
      await candidates.add(
        aCandidate({ companyId: company.id, stage: 'applied', createdAt: inMarch }),
      );
      await candidates.add(
        aCandidate({ companyId: company.id, stage: 'screening', createdAt: inMarch }),
      );
      await candidates.add(
        aCandidate({ companyId: company.id, stage: 'offered', createdAt: inMarch }),
      );
      await candidates.add(
        aCandidate({ companyId: company.id, stage: 'rejected', createdAt: inMarch }),
      );
      await candidates.add(hired);
      await transitions.add([
        aTransition({
          candidateId: hired.id,
          companyId: company.id,
          from: 'offered',
          to: 'hired',
          at: new Date('2026-03-20T00:00:00Z'),
        }),
      ]);
    });
  });

  it('getFunnelBuckets returns what FunnelService.buckets returns and warns once with its code', async () => {
    // Act
    const legacy = await getFunnelBuckets(uow, company.id);
    await getFunnelBuckets(uow, company.id);
    const current = await uow.run(({ candidates }) =>
      new FunnelService(candidates).buckets(company.id),
    );

    // Assess
    expect(legacy).toEqual(current);
    const warning = onlyWarning(deprecations, 'BALTRA_DEP002');
    expect(warning.type).toBe('DeprecationWarning');
    expect(warning.message).toContain('getFunnelBuckets()');
    expect(warning.message).toContain('FunnelService.buckets()');
  });

  it('getStageCounts returns the counts of FunnelService.buckets, filter included, and warns once', async () => {
    // Act
    const all = await getStageCounts(uow, company.id);
    const none = await getStageCounts(uow, company.id, { createdFrom: new Date('2027-01-01') });
    const current = await uow.run(({ candidates }) =>
      new FunnelService(candidates).buckets(company.id),
    );

    // Assess
    expect(all).toEqual(current.counts);
    expect(all).toMatchObject({ applied: 2, screening: 1, offered: 1, hired: 1, rejected: 1 });
    expect(Object.values(none).every((count) => count === 0)).toBe(true);
    expect(onlyWarning(deprecations, 'BALTRA_DEP012').message).toContain(
      'FunnelService.buckets().counts',
    );
  });

  it('calculateConversionRates gives the conversion of FunnelService.buckets, keyed from_to_to, and warns once', async () => {
    // Prepare
    const current = await uow.run(({ candidates }) =>
      new FunnelService(candidates).buckets(company.id),
    );

    // Act
    const rates = calculateConversionRates(current.counts);
    const fromPartialCounts = calculateConversionRates({ applied: 6, screening: 3, hired: 1 });

    // Assess
    expect(Object.keys(rates)).toHaveLength(current.conversion.length);
    for (const { from, to, rate } of current.conversion) {
      expect(rates[`${from}_to_${to}`]).toBe(rate);
    }
    expect(fromPartialCounts.applied_to_screening).toBe(0.4);
    expect(fromPartialCounts).toEqual(
      Object.fromEntries(
        summariseFunnel('', { applied: 6, screening: 3, hired: 1 }).conversion.map((c) => [
          `${c.from}_to_${c.to}`,
          c.rate,
        ]),
      ),
    );
    expect(onlyWarning(deprecations, 'BALTRA_DEP013').message).toContain(
      'FunnelService.buckets().conversion',
    );
  });

  it('getDashboardMetrics returns what AdminDashboardService.report returns and warns once', async () => {
    // Prepare
    const spend = new InMemoryAdSpendSource({
      [company.id]: [
        { campaignId: 'c-1', day: '2026-03-05', spend: { amountMinor: 150_000, currency: 'MXN' } },
      ],
    });

    // Act
    const legacy = await getDashboardMetrics(uow, company.id, period);
    const withSpend = await getDashboardMetrics(uow, company.id, period, spend);
    const current = await new AdminDashboardService(uow).report(company.id, period);
    const currentWithSpend = await new AdminDashboardService(uow, spend).report(company.id, period);

    // Assess
    expect(legacy).toEqual(current);
    expect(withSpend).toEqual(currentWithSpend);
    expect(legacy.hires).toBe(1);
    expect(withSpend.costPerHire).toEqual({ amountMinor: 150_000, currency: 'MXN' });
    expect(onlyWarning(deprecations, 'BALTRA_DEP014').message).toContain(
      'AdminDashboardService.report()',
    );
  });

  it("keeps the old helpers' zeros for an unknown company, where FunnelService.buckets throws NOT_FOUND", async () => {
    // Prepare
    const unknown = aCompany().id;

    // Act
    const buckets = await getFunnelBuckets(uow, unknown);
    const counts = await getStageCounts(uow, unknown);
    const current = uow.run((repos) => new FunnelService(repos).buckets(unknown));

    // Assess
    expect(buckets.total).toBe(0);
    expect(Object.values(counts).every((count) => count === 0)).toBe(true);
    await expect(current).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getDashboardMetrics(uow, unknown, period)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('rejects what the new API rejects (an invalid company id)', async () => {
    await expect(getStageCounts(uow, 'not-a-uuid')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(getDashboardMetrics(uow, 'not-a-uuid', period)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
