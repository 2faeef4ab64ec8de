import { OnboardingService } from '@baltra/sdk';
import {
  ensureStateMachine,
  ONBOARDING_STATE_MACHINE_DEFINITION,
  SfnWorkflowGateway,
} from '@baltra/sdk/step-functions';
import { aCandidate, aCompany, InMemoryUnitOfWork } from '@baltra/sdk/testing';
import { expect, it } from 'vitest';
import {
  createQueue,
  describeWithMoto,
  leaseRegion,
  MOTO_ROLE_ARN,
  motoSfnClient,
  receiveJson,
} from '../support/moto.js';

async function givenHiredOnStepFunctions() {
  const region = await leaseRegion();
  const client = motoSfnClient(region);
  const queueUrl = await createQueue(region, 'onboarding-documents');
  const { stateMachineArn } = await ensureStateMachine(client, {
    name: 'onboarding',
    roleArn: MOTO_ROLE_ARN,
    definition: ONBOARDING_STATE_MACHINE_DEFINITION,
    substitutions: { DocumentsQueueUrl: queueUrl },
  });
  const uow = new InMemoryUnitOfWork();
  const company = aCompany();
  const candidate = aCandidate({ companyId: company.id, stage: 'hired' });
  await uow.run(async ({ companies, candidates }) => {
    await companies.add(company);
    await candidates.add(candidate);
  });
  const workflows = new SfnWorkflowGateway({
    client,
    stateMachineArns: { onboarding: stateMachineArn },
  });
  return { region, queueUrl, candidate, workflows, service: new OnboardingService(uow, workflows) };
}

describeWithMoto('OnboardingService on Step Functions (moto_server)', () => {
  it('runs one execution for two starts and completes it through the task token', async () => {
    // Prepare
    const { region, queueUrl, candidate, workflows, service } = await givenHiredOnStepFunctions();

    // Act
    const first = await service.start(candidate.id);
    const second = await service.start(candidate.id);
    const alsoDirect = await workflows.start({
      workflow: 'onboarding',
      executionName: first.executionName,
      input: { candidateId: candidate.id, companyId: candidate.companyId },
    });
    const message = await receiveJson(region, queueUrl);
    await service.completeTask(String(message.taskToken), { documents: 'received' });
    const final = await workflows.waitForCompletion(first.executionId, {
      timeoutMs: 20_000,
      initialDelayMs: 20,
    });
    const completed = await service.complete(candidate.id);

    // Assess
    expect(second).toEqual(first);
    expect(alsoDirect).toEqual({ executionId: first.executionId, alreadyStarted: true });
    expect(message).toMatchObject({ candidateId: candidate.id, companyId: candidate.companyId });
    expect(final).toBe('succeeded');
    expect(completed.status).toBe('completed');
  });
});
