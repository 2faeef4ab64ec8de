import { randomUUID } from 'node:crypto';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import {
  ensureStateMachine,
  type SfnClient,
  type SfnCommand,
  SfnWorkflowGateway,
  type StateMachineDefinition,
} from '@baltra/sdk/step-functions';
import { describe, expect, it } from 'vitest';
import { describeWithMoto, leaseRegion, MOTO_ROLE_ARN, motoSfnClient } from '../support/moto.js';

const STATE_MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:onboarding';
const EMAIL = 'ana.lopez@example.com';

/** Records what the gateway sends; answers as Step Functions would for a new execution. */
function aRecordingClient() {
  const sent: { command: string; input: Record<string, unknown> }[] = [];
  const client: SfnClient = {
    async send(command: SfnCommand) {
      const name = command.constructor.name;
      sent.push({ command: name, input: command.input as Record<string, unknown> });
      if (name === 'DescribeExecutionCommand') {
        throw Object.assign(new Error('no such execution'), {
          name: 'ExecutionDoesNotExist',
          $metadata: {},
        });
      }
      if (name === 'StartExecutionCommand') return { executionArn: `${STATE_MACHINE}:x` };
      return {};
    },
  };
  const gateway = new SfnWorkflowGateway({
    client,
    stateMachineArns: { onboarding: STATE_MACHINE },
  });
  const inputOf = (command: string) => sent.find((entry) => entry.command === command)?.input;
  return { gateway, inputOf };
}

describe('SfnWorkflowGateway sanitises what it sends to Step Functions', () => {
  it('masks PII in the error and cause of a task failure and cuts them to the limits', async () => {
    // Prepare
    const { gateway, inputOf } = aRecordingClient();
    const cause = `documents of ${EMAIL} (+5215512345678) rejected: ${'x'.repeat(40_000)}`;

    // Act
    await gateway.failTask('token-1', `Rejected ${EMAIL} ${'e'.repeat(300)}`, cause);

    // Assess
    const sent = inputOf('SendTaskFailureCommand');
    expect(sent?.error).toBe(`Rejected ***e.com ${'e'.repeat(237)}…`);
    expect(sent?.error).toHaveLength(256);
    expect(String(sent?.cause)).toMatch(
      /^documents of \*\*\*e\.com \(\+52\*{9}78\) rejected: x+…$/,
    );
    expect(sent?.cause).toHaveLength(32_768);
  });

  it('masks PII in the cause of a stop and in the output of a completed task', async () => {
    // Prepare
    const { gateway, inputOf } = aRecordingClient();

    // Act
    await gateway.stop(`${STATE_MACHINE}:x`, `Saga failed: candidate ${EMAIL} withdrew`);
    await gateway.completeTask('token-1', {
      documents: 'received',
      reviewer: { email: EMAIL, nationalId: 'LOAA800101HDF' },
    });

    // Assess
    expect(inputOf('StopExecutionCommand')?.cause).toBe('Saga failed: candidate ***e.com withdrew');
    expect(JSON.parse(String(inputOf('SendTaskSuccessCommand')?.output))).toEqual({
      documents: 'received',
      reviewer: { email: '***e.com', nationalId: '***1HDF' },
    });
  });
});

const ONE_STEP: StateMachineDefinition = {
  StartAt: 'Done',
  States: { Done: { Type: 'Pass', End: true } },
};

describeWithMoto('SfnWorkflowGateway on moto_server: sanitised input', () => {
  it('starts the execution with PII masked and ids intact in its input', async () => {
    // Prepare
    const region = await leaseRegion();
    const client = motoSfnClient(region);
    const { stateMachineArn } = await ensureStateMachine(client, {
      name: 'onboarding',
      roleArn: MOTO_ROLE_ARN,
      definition: ONE_STEP,
    });
    const gateway = new SfnWorkflowGateway({
      client,
      stateMachineArns: { onboarding: stateMachineArn },
    });
    const candidateId = randomUUID();

    // Act
    const { executionId } = await gateway.start({
      workflow: 'onboarding',
      executionName: `onboarding-${candidateId}`,
      input: { candidateId, contact: `write to ${EMAIL}` },
    });
    const described = await client.send(
      new DescribeExecutionCommand({ executionArn: executionId }),
    );

    // Assess
    expect(JSON.parse(described.input ?? '{}')).toEqual({
      candidateId,
      contact: 'write to ***e.com',
    });
  });
});
