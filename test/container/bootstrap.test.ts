import {
  type CoreSettings,
  FunnelService,
  isBaltraError,
  OnboardingService,
  SagaInterruptedError,
  type UnitOfWork,
} from '@baltra/sdk';
import { bootstrap, TOKENS } from '@baltra/sdk/container';
import {
  aCandidate,
  aCompany,
  aRawLead,
  InMemoryLeadSource,
  InMemoryLockManager,
  InMemoryRateLimiter,
  InMemorySagaStore,
  InMemoryUnitOfWork,
  InMemoryWorkflowGateway,
} from '@baltra/sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { KyselySagaStore, PostgresRateLimiter } from '../../src/infra/postgres/index.js';

const settings: CoreSettings = {
  serviceName: 'bootstrap-test',
  environment: 'test',
  logLevel: 'error',
};

const apps: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function seedFunnel(uow: UnitOfWork): Promise<string> {
  const company = aCompany();
  await uow.run(async ({ companies, candidates }) => {
    await companies.add(company);
    await candidates.add(aCandidate({ companyId: company.id, stage: 'screening' }));
    await candidates.add(aCandidate({ companyId: company.id }));
  });
  return company.id;
}

describe('bootstrap()', () => {
  it('wires the in-memory adapters with one option', async () => {
    const app = await bootstrap({ settings, database: { kind: 'memory' } });
    apps.push(app);
    const companyId = await seedFunnel(app.get(TOKENS.UnitOfWork));

    const buckets = await app.get(TOKENS.FunnelService).buckets(companyId);

    expect(app.database).toBe('memory');
    expect(buckets.counts).toMatchObject({ applied: 1, screening: 1 });
    expect(app.container.isBound(TOKENS.Database)).toBe(false);
  });

  it("answers NOT_FOUND for an unknown company from the container's FunnelService", async () => {
    const app = await bootstrap({ settings, database: { kind: 'memory' } });
    apps.push(app);

    const buckets = app.get(TOKENS.FunnelService).buckets(aCompany().id);

    await expect(buckets).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('defaults to embedded PGlite, migrated, when no database URL is configured', async () => {
    const app = await bootstrap({ settings });
    apps.push(app);
    const uow = app.get(TOKENS.UnitOfWork);
    const companyId = await seedFunnel(uow);

    const buckets = await uow.run((repos) => new FunnelService(repos).buckets(companyId));

    expect(app.database).toBe('pglite');
    expect(buckets.total).toBe(2);
    expect(app.container.isBound(TOKENS.Database)).toBe(true);
  });

  it('uses an overriding unit of work and clock instead of opening a database', async () => {
    const unitOfWork = new InMemoryUnitOfWork();
    const now = new Date('2026-07-01T00:00:00.000Z');
    const app = await bootstrap({ settings, overrides: { unitOfWork, now: () => now } });
    apps.push(app);
    const company = aCompany();
    const candidate = aCandidate({ companyId: company.id });
    await unitOfWork.run(async ({ companies, candidates }) => {
      await companies.add(company);
      await candidates.add(candidate);
    });

    const moved = await app
      .get(TOKENS.FunnelService)
      .moveCandidate({ candidateId: candidate.id, to: 'screening' });

    expect(app.database).toBe('custom');
    expect(app.get(TOKENS.UnitOfWork)).toBe(unitOfWork);
    expect(moved.updatedAt).toEqual(now);
  });

  it('lets configure() rebind any token last', async () => {
    const replacement = new InMemoryUnitOfWork();
    const app = await bootstrap({
      settings,
      database: { kind: 'memory' },
      configure: (container) => {
        container.rebind(TOKENS.UnitOfWork).toConstantValue(replacement);
      },
    });
    apps.push(app);

    expect(app.get(TOKENS.UnitOfWork)).toBe(replacement);
    expect(app.get(TOKENS.Settings)).toBe(settings);
  });

  it('reports an unreachable PostgreSQL as DATABASE_UNAVAILABLE naming host and port, not the password', async () => {
    const error = await bootstrap({
      settings,
      database: { kind: 'postgres', connectionString: 'postgres://svc:s3cr3t-pw@127.0.0.1:9/app' },
    }).catch((e: unknown) => e);

    expect(isBaltraError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('DATABASE_UNAVAILABLE');
    expect(String((error as Error).message)).toContain('127.0.0.1:9');
    expect(JSON.stringify(error)).not.toContain('s3cr3t-pw');
    expect(String((error as Error).message)).not.toContain('s3cr3t-pw');
  });

  it('closes twice without failing', async () => {
    const app = await bootstrap({ settings, database: { kind: 'pglite' } });

    await app.close();
    await expect(app.close()).resolves.toBeUndefined();
  });

  it('binds the lock manager and the dashboard, and the use cases whose ports are given', async () => {
    const leadSource = new InMemoryLeadSource([aRawLead({ formId: 'form-1' })]);
    const app = await bootstrap({
      settings,
      database: { kind: 'memory' },
      overrides: { leadSource, workflowGateway: new InMemoryWorkflowGateway() },
    });
    apps.push(app);
    const company = aCompany();
    await app.get(TOKENS.UnitOfWork).run(({ companies }) => companies.add(company));

    const report = await app.get(TOKENS.LeadIngestionService).ingest(company.id, 'form-1');
    const dashboard = await app
      .get(TOKENS.AdminDashboardService)
      .report(company.id, { from: new Date('2000-01-01'), to: new Date('2100-01-01') });
    const lock = await app.get(TOKENS.LockManager).acquire('bootstrap-test');
    await lock.release();

    expect(report.created).toBe(1);
    expect(dashboard.funnel.total).toBe(1);
    expect(app.get(TOKENS.LockManager)).toBeInstanceOf(InMemoryLockManager);
    expect(app.container.isBound(TOKENS.OnboardingService)).toBe(true);
  });

  it('leaves the lead and onboarding use cases unbound without their ports', async () => {
    const app = await bootstrap({ settings, database: { kind: 'memory' } });
    apps.push(app);

    expect(app.container.isBound(TOKENS.LeadIngestionService)).toBe(false);
    expect(app.container.isBound(TOKENS.OnboardingService)).toBe(false);
    expect(app.container.isBound(TOKENS.AdminDashboardService)).toBe(true);
  });

  it('binds a durable saga store on a SQL database and an in-memory one otherwise', async () => {
    const pglite = await bootstrap({ settings, database: { kind: 'pglite' } });
    apps.push(pglite);
    const memory = await bootstrap({ settings, database: { kind: 'memory' } });
    apps.push(memory);

    expect(pglite.get(TOKENS.SagaStore)).toBeInstanceOf(KyselySagaStore);
    expect(memory.get(TOKENS.SagaStore)).toBeInstanceOf(InMemorySagaStore);
    await expect(memory.resumeSagas()).resolves.toEqual({ finished: [], failed: [], skipped: [] });
  });

  it('binds a shared PostgreSQL rate limiter on a SQL database and an in-memory one otherwise', async () => {
    const pglite = await bootstrap({ settings, database: { kind: 'pglite' } });
    apps.push(pglite);
    const memory = await bootstrap({ settings, database: { kind: 'memory' } });
    apps.push(memory);

    const limiter = pglite.get(TOKENS.RateLimiter);
    expect(limiter).toBeInstanceOf(PostgresRateLimiter);
    expect(memory.get(TOKENS.RateLimiter)).toBeInstanceOf(InMemoryRateLimiter);
    const decisions = [];
    for (let i = 0; i < 11; i += 1) {
      decisions.push(await limiter.acquire({ tenantId: 'acme', tier: 'free' }));
    }
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(10);
  });

  it('resumes an onboarding start a crash interrupted, with resumeSagas at start-up', async () => {
    // Prepare: a first process crashes between starting the workflow and recording it.
    const unitOfWork = new InMemoryUnitOfWork();
    const sagaStore = new InMemorySagaStore();
    const workflowGateway = new InMemoryWorkflowGateway();
    const company = aCompany();
    const candidate = aCandidate({ companyId: company.id, stage: 'hired' });
    await unitOfWork.run(async ({ companies, candidates }) => {
      await companies.add(company);
      await candidates.add(candidate);
    });
    const crashing = new OnboardingService(
      unitOfWork,
      workflowGateway,
      {},
      {
        sagaStore,
        onSagaStep: (event) => {
          throw new SagaInterruptedError(event.sagaId);
        },
      },
    );
    await expect(crashing.start(candidate.id)).rejects.toThrow(SagaInterruptedError);

    // Act: the restarted process.
    const app = await bootstrap({
      settings,
      overrides: { unitOfWork, sagaStore, workflowGateway },
      resumeSagas: { idleForMs: 0 },
    });
    apps.push(app);

    // Assess
    expect(app.get(TOKENS.SagaStore)).toBe(sagaStore);
    expect(await sagaStore.listUnfinished(10)).toEqual([]);
    expect(workflowGateway.executions()).toHaveLength(1);
    const onboarding = await unitOfWork.run(({ onboardings }) => onboardings.get(candidate.id));
    expect(onboarding).toMatchObject({
      status: 'started',
      executionId: workflowGateway.executions()[0]?.executionId,
    });
    expect(await app.get(TOKENS.OnboardingService).start(candidate.id)).toEqual(onboarding);
  });
});
