import {
  FunnelService,
  OnboardingService,
  SagaInterruptedError,
  type SagaStepEvent,
  type SagaStore,
  type UnitOfWork,
} from '@baltra/sdk';
import { aCandidate, aCompany, InMemoryWorkflowGateway } from '@baltra/sdk/testing';
import { expect, it } from 'vitest';

/** What a scenario runs on: the persistence of one "machine" that survives a crash. */
export interface OnboardingSagaEnvironment {
  readonly unitOfWork: UnitOfWork;
  /** A store over the same database as a restarted process would open. */
  readonly sagaStore: () => SagaStore;
}

const now = new Date('2026-03-10T09:00:00.000Z');

/** A process: the service on the shared database and workflow engine, crashing where told. */
function aProcess(
  env: OnboardingSagaEnvironment,
  workflows: InMemoryWorkflowGateway,
  crashAfter?: string,
) {
  const onSagaStep = (event: SagaStepEvent) => {
    if (event.step === crashAfter) throw new SagaInterruptedError(event.sagaId);
  };
  return new OnboardingService(
    env.unitOfWork,
    workflows,
    { now: () => now },
    { sagaStore: env.sagaStore(), onSagaStep },
  );
}

async function aHiredCandidate(unitOfWork: UnitOfWork) {
  const company = aCompany();
  const candidate = aCandidate({ companyId: company.id, stage: 'hired' });
  await unitOfWork.run(async ({ companies, candidates }) => {
    await companies.add(company);
    await candidates.add(candidate);
  });
  return candidate;
}

function stateOf(env: OnboardingSagaEnvironment, candidateId: string) {
  return env.unitOfWork.run(async ({ candidates, onboardings, outbox }) => ({
    stage: (await candidates.get(candidateId))?.stage,
    onboarding: await onboardings.get(candidateId),
    events: (await outbox.pending(100_000))
      .filter((event) => event.aggregateId === candidateId && event.type.startsWith('onboarding.'))
      .map((event) => event.type),
  }));
}

/**
 * Crash tests of the onboarding start saga: a process dies between two steps (simulated by
 * `SagaInterruptedError` from the step hook, which leaves the persisted saga as a kill would),
 * a new process on the same database resumes, and the outcome is complete or compensated.
 */
export function onboardingSagaCrashScenarios(
  name: string,
  makeEnvironment: () => Promise<OnboardingSagaEnvironment>,
): void {
  it(`${name}: a crash after the workflow started, then resumeInterrupted, records the onboarding once`, async () => {
    // Prepare
    const env = await makeEnvironment();
    const workflows = new InMemoryWorkflowGateway();
    const candidate = await aHiredCandidate(env.unitOfWork);
    const crashed = aProcess(env, workflows, 'start-workflow');
    await expect(crashed.start(candidate.id)).rejects.toBeInstanceOf(SagaInterruptedError);
    const halfDone = await stateOf(env, candidate.id);

    // Act
    const report = await aProcess(env, workflows).resumeInterrupted({ idleForMs: 0 });

    // Assess
    expect(halfDone.onboarding).toBeNull();
    expect(report.finished.map((saga) => [saga.id, saga.status])).toEqual([
      [`onboarding.start:onboarding-${candidate.id}`, 'completed'],
    ]);
    const [execution, ...others] = workflows.executions();
    expect(others).toEqual([]);
    expect(execution?.status).toBe('running');
    const state = await stateOf(env, candidate.id);
    expect(state.onboarding).toMatchObject({
      status: 'started',
      executionName: `onboarding-${candidate.id}`,
      executionId: execution?.executionId,
    });
    expect(state.events).toEqual(['onboarding.started']);
  });

  it(`${name}: a crash after the workflow started, then the candidate withdrew: resume stops the execution`, async () => {
    // Prepare
    const env = await makeEnvironment();
    const workflows = new InMemoryWorkflowGateway();
    const candidate = await aHiredCandidate(env.unitOfWork);
    await expect(aProcess(env, workflows, 'start-workflow').start(candidate.id)).rejects.toThrow(
      SagaInterruptedError,
    );
    await env.unitOfWork.run((repositories) =>
      new FunnelService(repositories).moveCandidate({ candidateId: candidate.id, to: 'withdrawn' }),
    );

    // Act
    const report = await aProcess(env, workflows).resumeInterrupted({ idleForMs: 0 });

    // Assess
    expect(report.finished).toHaveLength(1);
    expect(report.finished[0]).toMatchObject({
      status: 'compensated',
      completedSteps: ['start-workflow'],
      compensatedSteps: ['start-workflow'],
      error: expect.stringContaining('is withdrawn, not hired') as unknown,
    });
    expect(workflows.executions().map((execution) => execution.status)).toEqual(['aborted']);
    const state = await stateOf(env, candidate.id);
    expect(state).toEqual({ stage: 'withdrawn', onboarding: null, events: [] });
  });

  it(`${name}: a crash after the workflow started, then start again, finishes with the same execution`, async () => {
    // Prepare
    const env = await makeEnvironment();
    const workflows = new InMemoryWorkflowGateway();
    const candidate = await aHiredCandidate(env.unitOfWork);
    await expect(aProcess(env, workflows, 'start-workflow').start(candidate.id)).rejects.toThrow(
      SagaInterruptedError,
    );

    // Act
    const onboarding = await aProcess(env, workflows).start(candidate.id);

    // Assess
    expect(workflows.executions()).toHaveLength(1);
    expect(onboarding.executionId).toBe(workflows.executions()[0]?.executionId);
    expect((await stateOf(env, candidate.id)).events).toEqual(['onboarding.started']);
    expect((await env.sagaStore().listUnfinished(10)).length).toBe(0);
  });

  it(`${name}: a crash after both steps, before the saga was closed, resumes without doing anything twice`, async () => {
    // Prepare
    const env = await makeEnvironment();
    const workflows = new InMemoryWorkflowGateway();
    const candidate = await aHiredCandidate(env.unitOfWork);
    await expect(aProcess(env, workflows, 'record-onboarding').start(candidate.id)).rejects.toThrow(
      SagaInterruptedError,
    );

    // Act
    const report = await aProcess(env, workflows).resumeInterrupted({ idleForMs: 0 });

    // Assess
    expect(report.finished.map((saga) => saga.status)).toEqual(['completed']);
    expect(workflows.executions()).toHaveLength(1);
    expect((await stateOf(env, candidate.id)).events).toEqual(['onboarding.started']);
  });
}
