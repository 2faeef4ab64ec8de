import type { StateMachineDefinition } from './states-language.js';

/**
 * The onboarding workflow in Amazon States Language: `SendWelcome` → `WaitForDocuments` →
 * `ScheduleFirstShift` → `Onboarded`. `WaitForDocuments` sends an SQS message carrying the
 * task token (`sqs:sendMessage.waitForTaskToken`) to the queue `${DocumentsQueueUrl}` (a
 * definition substitution, see {@link ensureStateMachine}) and waits until a consumer answers
 * it with `SendTaskSuccess` (`WorkflowGateway.completeTask`) or `SendTaskFailure`
 * (`failTask`); the message body is `{ taskToken, candidateId, companyId, step: 'documents' }`.
 * A failure, a timeout (7 days) or a missed heartbeat (1 day) is caught: `Compensate` undoes
 * the welcome and the execution ends in `OnboardingFailed` (error `OnboardingFailed`).
 *
 * `SendWelcome`, `ScheduleFirstShift` and `Compensate` are `Pass` states marking where those
 * effects belong; the SDK performs them through the outbox of `onboarding.*` events.
 *
 * @example
 * ```ts
 * await ensureStateMachine(client, {
 *   name: 'onboarding',
 *   roleArn,
 *   definition: ONBOARDING_STATE_MACHINE_DEFINITION,
 *   substitutions: { DocumentsQueueUrl: queueUrl },
 * });
 * ```
 */
export const ONBOARDING_STATE_MACHINE_DEFINITION = {
  Comment: 'Onboarding of a hired candidate (@baltra/sdk)',
  StartAt: 'SendWelcome',
  States: {
    SendWelcome: {
      Type: 'Pass',
      Result: { message: 'welcome' },
      ResultPath: '$.welcome',
      Next: 'WaitForDocuments',
    },
    WaitForDocuments: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: {
        // A definition substitution, filled in by ensureStateMachine.
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a placeholder, not a template
        QueueUrl: '${DocumentsQueueUrl}',
        MessageBody: {
          'taskToken.$': '$$.Task.Token',
          'candidateId.$': '$.candidateId',
          'companyId.$': '$.companyId',
          step: 'documents',
        },
      },
      ResultPath: '$.documents',
      TimeoutSeconds: 604_800,
      HeartbeatSeconds: 86_400,
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Compensate' }],
      Next: 'ScheduleFirstShift',
    },
    ScheduleFirstShift: {
      Type: 'Pass',
      Result: { scheduled: true },
      ResultPath: '$.firstShift',
      Next: 'Onboarded',
    },
    Onboarded: { Type: 'Succeed' },
    Compensate: {
      Type: 'Pass',
      Result: { welcomeRevoked: true },
      ResultPath: '$.compensation',
      Next: 'OnboardingFailed',
    },
    OnboardingFailed: {
      Type: 'Fail',
      Error: 'OnboardingFailed',
      Cause: 'the documents step failed or timed out; the welcome was compensated',
    },
  },
} as const satisfies StateMachineDefinition;
