import { FunnelService } from '@baltra/sdk';
import { getFunnelBuckets, setupLogging } from '@baltra/sdk/legacy';
import { aCandidate, aCompany, InMemoryUnitOfWork } from '@baltra/sdk/testing';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';

describe('legacy shims', () => {
  let emitWarning: MockInstance<typeof process.emitWarning>;
  beforeEach(() => {
    emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  });
  const warningsWithCode = (code: string) =>
    emitWarning.mock.calls.filter(
      (call) => (call[1] as { code?: string } | undefined)?.code === code,
    );
  afterEach(() => {
    emitWarning.mockRestore();
  });

  it('getFunnelBuckets returns what FunnelService.buckets returns and warns once with its code', async () => {
    const uow = new InMemoryUnitOfWork();
    const company = aCompany();
    await uow.run(async ({ companies, candidates }) => {
      await companies.add(company);
      await candidates.add(aCandidate({ companyId: company.id, stage: 'offered' }));
    });

    const legacy = await getFunnelBuckets(uow, company.id);
    await getFunnelBuckets(uow, company.id);
    const current = await uow.run(({ candidates }) =>
      new FunnelService(candidates).buckets(company.id),
    );

    expect(legacy).toEqual(current);
    const warnings = warningsWithCode('BALTRA_DEP002');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.[0]).toContain('FunnelService.buckets()');
    expect(warnings[0]?.[1]).toMatchObject({ type: 'DeprecationWarning' });
  });

  it('setupLogging returns a working logger and warns once naming configureLogging', () => {
    const logger = setupLogging({ level: 'error' });
    setupLogging({ level: 'error' });

    expect(typeof logger.info).toBe('function');
    const warnings = warningsWithCode('BALTRA_DEP001');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.[0]).toContain('configureLogging()');
  });
});
