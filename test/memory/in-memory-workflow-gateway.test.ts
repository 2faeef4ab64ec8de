import { expectBaltraError, InMemoryWorkflowGateway } from '@baltra/sdk/testing';
import { describe, expect, it } from 'vitest';

const start = {
  workflow: 'onboarding',
  executionName: 'onboarding-1',
  input: { id: 'c-1' },
} as const;

describe('InMemoryWorkflowGateway', () => {
  it('starts one execution per name and returns the same id to a second start', async () => {
    const workflows = new InMemoryWorkflowGateway();

    const first = await workflows.start(start);
    const second = await workflows.start({ ...start, input: { id: 'other' } });

    expect(first.alreadyStarted).toBe(false);
    expect(second).toEqual({ executionId: first.executionId, alreadyStarted: true });
    expect(await workflows.status(first.executionId)).toBe('running');
    expect(workflows.executions()).toHaveLength(1);
  });

  it('closes the execution with the first answer to one of its tasks; tokens then stop working', async () => {
    const workflows = new InMemoryWorkflowGateway();
    const { executionId } = await workflows.start(start);
    const token = workflows.issueTaskToken(executionId);
    const sibling = workflows.issueTaskToken(executionId);

    await workflows.heartbeatTask(token);
    await workflows.heartbeatTask(token);
    await workflows.failTask(token, 'DocumentsRejected', 'blurry photo');

    expect(workflows.execution(executionId)).toMatchObject({
      status: 'failed',
      error: 'DocumentsRejected',
      cause: 'blurry photo',
      heartbeats: 2,
    });
    await expectBaltraError(workflows.completeTask(token, {}), 'NOT_FOUND');
    await expectBaltraError(workflows.heartbeatTask(sibling), 'NOT_FOUND');
    expect(() => workflows.issueTaskToken(executionId)).toThrow(/was not found/);
  });

  it('reports unknown executions and tokens as NOT_FOUND and an empty token as VALIDATION_FAILED', async () => {
    const workflows = new InMemoryWorkflowGateway();

    await expectBaltraError(workflows.status('missing'), 'NOT_FOUND');
    await expectBaltraError(workflows.completeTask('memory-task-token:missing', {}), 'NOT_FOUND');
    await expectBaltraError(workflows.failTask('', 'e', 'c'), 'VALIDATION_FAILED');
    expect(() => workflows.issueTaskToken('missing')).toThrow(/was not found/);
    expect(workflows.execution('missing')).toBeNull();
  });

  it('keeps the output of a completed task', async () => {
    const workflows = new InMemoryWorkflowGateway();
    const { executionId } = await workflows.start(start);

    await workflows.completeTask(workflows.issueTaskToken(executionId), { documents: 'received' });

    expect(workflows.execution(executionId)).toMatchObject({
      status: 'succeeded',
      output: { documents: 'received' },
    });
  });
});
