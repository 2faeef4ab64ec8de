import { FunnelService, type FunnelStage, ValidationError } from '@baltra/sdk';
import { aCandidate, aCompany, expectBaltraError, InMemoryUnitOfWork } from '@baltra/sdk/testing';
import { describe, expect, it } from 'vitest';

async function givenFunnel(stages: FunnelStage[]) {
  const uow = new InMemoryUnitOfWork();
  const company = aCompany();
  await uow.run(async ({ companies, candidates }) => {
    await companies.add(company);
    for (const stage of stages) await candidates.add(aCandidate({ companyId: company.id, stage }));
  });
  return { uow, companyId: company.id };
}

describe('FunnelService', () => {
  it('reports zero counts and null conversion for a company without candidates', async () => {
    const { uow, companyId } = await givenFunnel([]);

    const buckets = await uow.run((repositories) =>
      new FunnelService(repositories).buckets(companyId),
    );

    expect(buckets.total).toBe(0);
    expect(Object.values(buckets.counts).every((n) => n === 0)).toBe(true);
    expect(buckets.conversion.every((c) => c.rate === null)).toBe(true);
  });

  it('counts exits apart from the main path and sums every stage into the total', async () => {
    const { uow, companyId } = await givenFunnel([
      'applied',
      'screening',
      'hired',
      'onboarded',
      'rejected',
      'withdrawn',
    ]);

    const buckets = await uow.run((repositories) =>
      new FunnelService(repositories).buckets(companyId),
    );

    expect(buckets.total).toBe(6);
    expect(buckets.reached).toMatchObject({
      applied: 4,
      screening: 3,
      hired: 2,
      onboarded: 1,
      rejected: 1,
      withdrawn: 1,
    });
    expect(buckets.conversion.find((c) => c.from === 'hired')).toEqual({
      from: 'hired',
      to: 'onboarded',
      rate: 0.5,
    });
  });

  it('rejects a malformed company id with VALIDATION_FAILED carrying zod issues', async () => {
    const { uow } = await givenFunnel([]);

    const error = await expectBaltraError(
      uow.run((repositories) => new FunnelService(repositories).buckets('not-a-uuid')),
      'VALIDATION_FAILED',
    );

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.length).toBeGreaterThan(0);
    expect(error.message).toContain('companyId');
  });

  it('rejects a filter whose period ends before it starts', async () => {
    const { uow, companyId } = await givenFunnel([]);

    await expectBaltraError(
      uow.run((repositories) =>
        new FunnelService(repositories).buckets(companyId, {
          createdFrom: new Date('2026-02-01'),
          createdTo: new Date('2026-01-01'),
        }),
      ),
      'VALIDATION_FAILED',
    );
  });

  it('reports an unknown candidate as NOT_FOUND and an unknown stage as VALIDATION_FAILED', async () => {
    const { uow } = await givenFunnel([]);
    const service = (run: (s: FunnelService) => Promise<unknown>) =>
      uow.run((repositories) => run(new FunnelService(repositories)));

    await expectBaltraError(
      service((s) => s.moveCandidate({ candidateId: aCandidate().id, to: 'screening' })),
      'NOT_FOUND',
    );
    await expectBaltraError(
      service((s) =>
        s.moveCandidate({ candidateId: aCandidate().id, to: 'ghosted' as 'screening' }),
      ),
      'VALIDATION_FAILED',
    );
  });

  it('reports an unknown company as NOT_FOUND when it has the companies, { candidates, companies } included', async () => {
    const { uow } = await givenFunnel(['applied']);
    const unknown = aCompany().id;

    const fromRepositories = uow.run((repositories) =>
      new FunnelService(repositories).buckets(unknown),
    );
    const fromReadPorts = uow.run(({ candidates, companies }) =>
      new FunnelService({ candidates, companies }).buckets(unknown),
    );

    const error = await expectBaltraError(fromRepositories, 'NOT_FOUND');
    await expectBaltraError(fromReadPorts, 'NOT_FOUND');
    expect(error.message).toBe(`Company ${unknown} was not found`);
  });

  it('counts zeros for an unknown company on the deprecated candidate repository alone', async () => {
    const { uow } = await givenFunnel(['applied']);

    const buckets = await uow.run(({ candidates }) =>
      new FunnelService(candidates).buckets(aCompany().id),
    );

    expect(buckets.total).toBe(0);
  });

  it('refuses to move with only the read ports, naming the fix', async () => {
    const { uow, companyId } = await givenFunnel([]);
    const candidate = aCandidate({ companyId });
    await uow.run(({ candidates }) => candidates.add(candidate));

    await expectBaltraError(
      uow.run(({ candidates, companies }) =>
        new FunnelService({ candidates, companies }).moveCandidate({
          candidateId: candidate.id,
          to: 'screening',
        }),
      ),
      'MISCONFIGURED_USE_CASE',
    );
  });

  it('refuses to move with only the candidate repository, naming the fix', async () => {
    const { uow, companyId } = await givenFunnel(['applied']);
    const candidate = aCandidate({ companyId });
    await uow.run(({ candidates }) => candidates.add(candidate));

    const error = await expectBaltraError(
      uow.run(({ candidates }) =>
        new FunnelService(candidates).moveCandidate({ candidateId: candidate.id, to: 'screening' }),
      ),
      'MISCONFIGURED_USE_CASE',
    );

    expect(error.message).toContain('uow.run((repos) => new FunnelService(repos)');
  });

  it('stamps a move, its transition and its event with the injected clock and ids', async () => {
    const { uow, companyId } = await givenFunnel([]);
    const candidate = aCandidate({ companyId });
    await uow.run(({ candidates }) => candidates.add(candidate));
    const now = new Date('2026-05-05T05:05:05.000Z');
    const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];

    const moved = await uow.run((repositories) =>
      new FunnelService(repositories, {
        now: () => now,
        newId: () => ids.shift() ?? 'x',
      }).moveCandidate({
        candidateId: candidate.id,
        to: 'withdrawn',
      }),
    );

    expect(moved).toMatchObject({
      stage: 'withdrawn',
      updatedAt: now,
      createdAt: candidate.createdAt,
      version: 2,
    });
    const { transitions, outbox } = uow.snapshot();
    expect([...transitions.values()]).toEqual([
      expect.objectContaining({
        id: '00000000-0000-4000-8000-000000000001',
        at: now,
        actor: 'system',
      }),
    ]);
    expect([...outbox.values()]).toEqual([
      expect.objectContaining({ id: '00000000-0000-4000-8000-000000000002', occurredAt: now }),
    ]);
  });
});
