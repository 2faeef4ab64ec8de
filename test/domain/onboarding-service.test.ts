import {
  type Onboarding,
  OnboardingService,
  type StartedWorkflow,
  type StartWorkflowRequest,
} from '@baltra/sdk';
import {
  aCandidate,
  aCompany,
  expectBaltraError,
  InMemoryUnitOfWork,
  InMemoryWorkflowGateway,
} from '@baltra/sdk/testing';
import { describe, expect, it } from 'vitest';

async function givenHired(stage: 'hired' | 'interviewed' = 'hired') {
  const uow = new InMemoryUnitOfWork();
  const company = aCompany();
  const candidate = aCandidate({ companyId: company.id, stage });
  await uow.run(async ({ companies, candidates }) => {
    await companies.add(company);
    await candidates.add(candidate);
  });
  const workflows = new InMemoryWorkflowGateway();
  return { uow, candidate, workflows, service: new OnboardingService(uow, workflows) };
}

describe('OnboardingService', () => {
  it('reports an unknown candidate as NOT_FOUND and a malformed id as VALIDATION_FAILED', async () => {
    const { service } = await givenHired();

    await expectBaltraError(service.start(aCandidate().id), 'NOT_FOUND');
    await expectBaltraError(service.start('candidate-1'), 'VALIDATION_FAILED');
    await expectBaltraError(service.fail(aCandidate().id, 'no show'), 'NOT_FOUND');
  });

  it('names a candidate who is not hired, with its stage, in CANDIDATE_NOT_HIRED', async () => {
    const { service, candidate } = await givenHired('interviewed');

    const error = await expectBaltraError(service.start(candidate.id), 'CANDIDATE_NOT_HIRED');

    expect(error).toMatchObject({ context: { candidateId: candidate.id, stage: 'interviewed' } });
  });

  it('keeps the first reason when failing twice and refuses to fail a completed onboarding', async () => {
    const first = await givenHired();
    await first.service.start(first.candidate.id);
    await first.service.fail(first.candidate.id, 'documents rejected');
    const second = await givenHired();
    await second.service.start(second.candidate.id);
    await second.service.complete(second.candidate.id);

    const again = await first.service.fail(first.candidate.id, 'another reason');

    expect(again.failureReason).toBe('documents rejected');
    await expectBaltraError(
      second.service.fail(second.candidate.id, 'too late'),
      'ONBOARDING_NOT_IN_PROGRESS',
    );
    await expectBaltraError(first.service.fail(first.candidate.id, '   '), 'VALIDATION_FAILED');
  });

  it('numbers the execution of each retry after a failure', async () => {
    const { service, candidate, workflows } = await givenHired();
    const names: string[] = [];

    for (let attempt = 0; attempt < 3; attempt += 1) {
      names.push((await service.start(candidate.id)).executionName);
      await service.fail(candidate.id, `attempt ${attempt + 1} failed`);
    }

    expect(names).toEqual([
      `onboarding-${candidate.id}`,
      `onboarding-${candidate.id}-2`,
      `onboarding-${candidate.id}-3`,
    ]);
    expect(workflows.executions().map((e) => e.executionName)).toEqual(names);
  });

  it('returns the onboarding saved by a concurrent start that finished first', async () => {
    const { uow, candidate } = await givenHired();
    const concurrent: Onboarding = {
      candidateId: candidate.id,
      companyId: candidate.companyId,
      status: 'started',
      executionName: `onboarding-${candidate.id}`,
      executionId: 'execution-of-the-other-start',
      startedAt: new Date('2026-03-10T08:59:59.000Z'),
    };
    // The other start saves its onboarding while ours waits for the workflow engine.
    const racingGateway = new (class extends InMemoryWorkflowGateway {
      override async start(request: StartWorkflowRequest): Promise<StartedWorkflow> {
        const started = await super.start(request);
        await uow.run(({ onboardings }) => onboardings.save(concurrent));
        return started;
      }
    })();

    const onboarding = await new OnboardingService(uow, racingGateway).start(candidate.id);

    expect(onboarding).toEqual(concurrent);
    expect(uow.snapshot().outbox.size).toBe(0);
  });

  it('validates task answers before calling the gateway', async () => {
    const { service, workflows, candidate } = await givenHired();
    const { executionId } = await service.start(candidate.id);
    const token = workflows.issueTaskToken(executionId);

    await expectBaltraError(service.completeTask('', {}), 'VALIDATION_FAILED');
    await expectBaltraError(service.failTask(token, '', 'cause'), 'VALIDATION_FAILED');
    await service.failTask(token, 'DocumentsRejected', 'the ID photo is unreadable');

    expect(workflows.execution(executionId)).toMatchObject({
      status: 'failed',
      error: 'DocumentsRejected',
      cause: 'the ID photo is unreadable',
    });
  });
});
