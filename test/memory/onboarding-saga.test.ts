import {
  defineSaga,
  InfrastructureError,
  OnboardingService,
  type SagaCompensationFailedError,
  SagaInterruptedError,
  SagaOrchestrator,
  type StartedWorkflow,
  type StartWorkflowRequest,
  type UnitOfWork,
  type WorkflowGateway,
} from '@baltra/sdk';
import {
  aCandidate,
  aCompany,
  expectBaltraError,
  FaultInjectingUnitOfWork,
  InMemorySagaStore,
  InMemoryUnitOfWork,
  InMemoryWorkflowGateway,
} from '@baltra/sdk/testing';
import { describe, expect, it } from 'vitest';
import { onboardingSagaCrashScenarios } from '../support/onboarding-saga-scenarios.js';

describe('onboarding start saga, crash and resume (in memory)', () => {
  onboardingSagaCrashScenarios('in-memory', async () => {
    const sagaStore = new InMemorySagaStore();
    return { unitOfWork: new InMemoryUnitOfWork(), sagaStore: () => sagaStore };
  });
});

const now = new Date('2026-03-10T09:00:00.000Z');

async function givenHired(unitOfWork: UnitOfWork = new InMemoryUnitOfWork()) {
  const company = aCompany();
  const candidate = aCandidate({ companyId: company.id, stage: 'hired' });
  await unitOfWork.run(async ({ companies, candidates }) => {
    await companies.add(company);
    await candidates.add(candidate);
  });
  return candidate;
}

/** A gateway whose first `start` fails, as a throttled or timed-out StartExecution would. */
class FailingFirstStartGateway extends InMemoryWorkflowGateway {
  private failures = 1;

  override async start(request: StartWorkflowRequest): Promise<StartedWorkflow> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new InfrastructureError('Step Functions StartExecution failed: ThrottlingException');
    }
    return super.start(request);
  }
}

describe('OnboardingService.start as a saga', () => {
  it('stops the execution and throws the recording error when the recording fails; a retry uses the next name', async () => {
    // Prepare
    const inner = new InMemoryUnitOfWork();
    const candidate = await givenHired(inner);
    // Run 1 plans the start, run 2 records it: its outbox write fails.
    const unitOfWork = new FaultInjectingUnitOfWork(inner, {
      run: 2,
      operation: 'outbox.append',
      error: new InfrastructureError('database unavailable'),
    });
    const workflows = new InMemoryWorkflowGateway();
    const sagaStore = new InMemorySagaStore();
    const service = new OnboardingService(unitOfWork, workflows, { now: () => now }, { sagaStore });

    // Act
    const failure = await expectBaltraError(service.start(candidate.id), 'INFRASTRUCTURE_FAILURE');
    const retried = await service.start(candidate.id);

    // Assess
    expect(failure.message).toBe('database unavailable');
    expect(
      workflows.executions().map(({ executionName, status }) => ({ executionName, status })),
    ).toEqual([
      { executionName: `onboarding-${candidate.id}`, status: 'aborted' },
      { executionName: `onboarding-${candidate.id}-2`, status: 'running' },
    ]);
    expect(workflows.executions()[0]?.cause).toBe(
      'onboarding start undone: InfrastructureError: database unavailable',
    );
    expect(await sagaStore.get(`onboarding.start:onboarding-${candidate.id}`)).toMatchObject({
      status: 'compensated',
      compensatedSteps: ['start-workflow'],
    });
    expect(retried).toMatchObject({
      status: 'started',
      executionName: `onboarding-${candidate.id}-2`,
    });
  });

  it('retries the same execution name when the workflow could not be started', async () => {
    // Prepare
    const unitOfWork = new InMemoryUnitOfWork();
    const candidate = await givenHired(unitOfWork);
    const workflows = new FailingFirstStartGateway();
    const sagaStore = new InMemorySagaStore();
    const service = new OnboardingService(unitOfWork, workflows, {}, { sagaStore });

    // Act
    await expectBaltraError(service.start(candidate.id), 'INFRASTRUCTURE_FAILURE');
    const retried = await service.start(candidate.id);

    // Assess
    expect(retried.executionName).toBe(`onboarding-${candidate.id}`);
    expect(workflows.executions()).toHaveLength(1);
    expect(await sagaStore.get(`onboarding.start:onboarding-${candidate.id}`)).toMatchObject({
      status: 'compensated',
      completedSteps: [],
    });
    expect(await sagaStore.get(`onboarding.start:onboarding-${candidate.id}#2`)).toMatchObject({
      status: 'completed',
    });
  });

  it('surfaces a gateway that cannot stop as SAGA_COMPENSATION_FAILED, and keeps refusing', async () => {
    // Prepare
    const inner = new InMemoryUnitOfWork();
    const candidate = await givenHired(inner);
    const unitOfWork = new FaultInjectingUnitOfWork(inner, {
      run: 2,
      operation: 'onboardings.save',
    });
    const fake = new InMemoryWorkflowGateway();
    const withoutStop: WorkflowGateway = {
      start: (request) => fake.start(request),
      status: (id) => fake.status(id),
      completeTask: (token, output) => fake.completeTask(token, output),
      failTask: (token, error, cause) => fake.failTask(token, error, cause),
      heartbeatTask: (token) => fake.heartbeatTask(token),
    };
    const service = new OnboardingService(unitOfWork, withoutStop);

    // Act
    const error = await expectBaltraError(service.start(candidate.id), 'SAGA_COMPENSATION_FAILED');
    const again = service.start(candidate.id);

    // Assess
    expect((error as SagaCompensationFailedError).record.failedCompensations).toEqual([
      {
        step: 'start-workflow',
        error: 'DomainError: the workflow gateway cannot stop executions',
      },
    ]);
    await expectBaltraError(again, 'SAGA_COMPENSATION_FAILED');
    expect(fake.executions()).toHaveLength(1);
  });

  it('undoes a recorded onboarding by failing it with the reason when a later step fails', async () => {
    // Prepare
    const unitOfWork = new InMemoryUnitOfWork();
    const candidate = await givenHired(unitOfWork);
    const workflows = new InMemoryWorkflowGateway();
    const service = new OnboardingService(unitOfWork, workflows, { now: () => now });
    const extended = defineSaga(service.startSaga.type, [
      ...service.startSaga.steps,
      {
        name: 'book-first-shift',
        run: async () => {
          throw new Error('no shift available');
        },
        compensate: async () => {},
      },
    ]);
    const input = {
      candidateId: candidate.id,
      companyId: candidate.companyId,
      executionName: `onboarding-${candidate.id}`,
    };

    // Act
    const record = await new SagaOrchestrator(new InMemorySagaStore()).start(
      extended,
      'onboarding.start:extended',
      input,
    );

    // Assess
    expect(record).toMatchObject({
      status: 'compensated',
      compensatedSteps: ['record-onboarding', 'start-workflow'],
    });
    const onboarding = await unitOfWork.run(({ onboardings }) => onboardings.get(candidate.id));
    expect(onboarding).toMatchObject({
      status: 'failed',
      failureReason: 'onboarding start undone: Error: no shift available',
    });
    expect(workflows.executions().map((execution) => execution.status)).toEqual(['aborted']);
    expect([...unitOfWork.snapshot().outbox.values()].map((event) => event.type)).toEqual([
      'onboarding.started',
      'onboarding.failed',
    ]);
  });

  it('leaves a start that is still young to the process running it', async () => {
    // Prepare
    const unitOfWork = new InMemoryUnitOfWork();
    const candidate = await givenHired(unitOfWork);
    const sagaStore = new InMemorySagaStore();
    const workflows = new InMemoryWorkflowGateway();
    let clock = now;
    const crashed = new OnboardingService(
      unitOfWork,
      workflows,
      { now: () => clock },
      {
        sagaStore,
        onSagaStep: (event) => {
          throw new SagaInterruptedError(event.sagaId);
        },
      },
    );
    await expect(crashed.start(candidate.id)).rejects.toThrow(SagaInterruptedError);
    const restarted = new OnboardingService(
      unitOfWork,
      workflows,
      { now: () => clock },
      { sagaStore },
    );

    // Act
    const young = await restarted.resumeInterrupted();
    clock = new Date(now.getTime() + 60_001);
    const idle = await restarted.resumeInterrupted();

    // Assess
    expect(young.skipped.map((saga) => saga.status)).toEqual(['running']);
    expect(young.finished).toEqual([]);
    expect(idle.finished.map((saga) => saga.status)).toEqual(['completed']);
  });
});
