import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { OnboardingService } from '../../../../domain/services/onboarding-service.js';
import { InMemoryWorkflowGateway } from '../../../memory/in-memory-workflow-gateway.js';
import type { ContractTestApi } from '../contract-test-api.js';
import { expectBaltraError } from '../expect-baltra-error.js';
import type { PersistenceFixture } from '../persistence-fixture.js';

/**
 * Contract cases of `OnboardingService` on an adapter, with an `InMemoryWorkflowGateway`.
 *
 * @example
 * ```ts
 * onboardingServiceCases(fixture, api);
 * ```
 */
export function onboardingServiceCases(
  fixture: PersistenceFixture,
  { describe, it }: ContractTestApi,
): void {
  const now = new Date('2026-03-10T09:00:00.000Z');
  const given = async (stage: 'hired' | 'offered' = 'hired') => {
    const company = await fixture.givenCompany();
    const candidate = await fixture.givenCandidate({ companyId: company.id, stage });
    const workflows = new InMemoryWorkflowGateway();
    const service = new OnboardingService(fixture.unitOfWork, workflows, { now: () => now });
    return { candidate, workflows, service };
  };
  const stateOf = (candidateId: string) =>
    fixture.run(async ({ candidates, onboardings, transitions, outbox }) => ({
      candidate: await candidates.get(candidateId),
      onboarding: await onboardings.get(candidateId),
      transitions: await transitions.listByCandidate(candidateId),
      events: (await outbox.pending(100_000))
        .filter((e) => e.payload.candidateId === candidateId || e.aggregateId === candidateId)
        .map((e) => e.type),
    }));

  describe('OnboardingService', () => {
    it('starts one workflow execution however often start is called', async () => {
      const { candidate, workflows, service } = await given();

      const first = await service.start(candidate.id);
      const second = await service.start(candidate.id);

      assert.deepEqual(second, first);
      assert.deepEqual(first, {
        candidateId: candidate.id,
        companyId: candidate.companyId,
        status: 'started',
        executionName: `onboarding-${candidate.id}`,
        executionId: first.executionId,
        startedAt: now,
      });
      assert.equal(workflows.executions().length, 1);
      assert.deepEqual(workflows.execution(first.executionId)?.input, {
        candidateId: candidate.id,
        companyId: candidate.companyId,
      });
      const state = await stateOf(candidate.id);
      assert.deepEqual(state.onboarding, first);
      assert.deepEqual(state.events, ['onboarding.started']);
    });

    it('refuses a candidate who is not hired with CANDIDATE_NOT_HIRED and starts nothing', async () => {
      const { candidate, workflows, service } = await given('offered');

      await expectBaltraError(service.start(candidate.id), 'CANDIDATE_NOT_HIRED');

      assert.equal(workflows.executions().length, 0);
      assert.equal((await stateOf(candidate.id)).onboarding, null);
    });

    it('completes: the candidate is onboarded through the funnel, once', async () => {
      const { candidate, service } = await given();
      await service.start(candidate.id);

      const completed = await service.complete(candidate.id);
      const again = await service.complete(candidate.id);

      assert.deepEqual(again, completed);
      assert.equal(completed.status, 'completed');
      assert.deepEqual(completed.finishedAt, now);
      const state = await stateOf(candidate.id);
      assert.equal(state.candidate?.stage, 'onboarded');
      assert.deepEqual(
        state.transitions.map(({ from, to, actor }) => ({ from, to, actor })),
        [{ from: 'hired', to: 'onboarded', actor: 'onboarding' }],
      );
      assert.deepEqual(state.events, [
        'onboarding.started',
        'candidate.stage_changed',
        'onboarding.completed',
      ]);
      assert.deepEqual(await service.start(candidate.id), completed);
    });

    it('fails: the candidate stays hired with the reason kept, and a new start retries', async () => {
      const { candidate, workflows, service } = await given();
      await service.start(candidate.id);

      const failed = await service.fail(candidate.id, 'documents rejected');
      const retried = await service.start(candidate.id);

      assert.deepEqual(
        { status: failed.status, reason: failed.failureReason, finishedAt: failed.finishedAt },
        { status: 'failed', reason: 'documents rejected', finishedAt: now },
      );
      const state = await stateOf(candidate.id);
      assert.equal(state.candidate?.stage, 'hired');
      assert.deepEqual(state.transitions, []);
      assert.equal(retried.status, 'started');
      assert.equal(retried.executionName, `onboarding-${candidate.id}-2`);
      assert.equal(workflows.executions().length, 2);
      assert.deepEqual(state.events, [
        'onboarding.started',
        'onboarding.failed',
        'onboarding.started',
      ]);
    });

    it('refuses to complete a failed onboarding and reports a missing one as NOT_FOUND', async () => {
      const { candidate, service } = await given();
      await service.start(candidate.id);
      await service.fail(candidate.id, 'no show');

      await expectBaltraError(service.complete(candidate.id), 'ONBOARDING_NOT_IN_PROGRESS');
      await expectBaltraError(service.complete(randomUUID()), 'NOT_FOUND');
    });

    it('answers workflow tasks through the gateway', async () => {
      const { candidate, workflows, service } = await given();
      const { executionId } = await service.start(candidate.id);
      const token = workflows.issueTaskToken(executionId);

      await service.completeTask(token, { documents: 'received' });

      assert.equal(await workflows.status(executionId), 'succeeded');
      await expectBaltraError(service.failTask(token, 'Late', 'already closed'), 'NOT_FOUND');
    });
  });
}
