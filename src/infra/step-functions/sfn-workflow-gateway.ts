import type { DescribeExecutionOutput, StartExecutionOutput } from '@aws-sdk/client-sfn';
import { InfrastructureError, NotFoundError } from '../../domain/errors.js';
import type {
  StartedWorkflow,
  StartWorkflowRequest,
  WorkflowGateway,
  WorkflowStatus,
} from '../../domain/ports/workflow-gateway.js';
import type { AwsClientConfig } from '../aws/aws-client-config.js';
import { awsErrorName } from './aws-error-name.js';
import { executionArn } from './execution-arn.js';
import { loadSfnModule, type SfnModule } from './load-sfn-module.js';
import { sanitiseExecutionName } from './sanitise-execution-name.js';
import {
  STEP_FUNCTIONS_LIMITS,
  sanitiseFailureText,
  sanitiseWorkflowPayload,
} from './sanitise-for-step-functions.js';
import type { SfnClient, SfnCommand } from './sfn-client.js';
import { translateTaskError } from './translate-task-error.js';

/** How {@link SfnWorkflowGateway} reaches Step Functions. */
export interface SfnWorkflowGatewayOptions {
  /** The caller's `SFNClient`; without it one is created from `clientConfig` on first use. */
  readonly client?: SfnClient;
  /**
   * Configuration of the `SFNClient` created when no `client` is given (region, endpoint,
   * credentials, retries; for other options create the client and pass `client`).
   */
  readonly clientConfig?: AwsClientConfig;
  /** The state machine of each workflow. */
  readonly stateMachineArns: Readonly<Record<StartWorkflowRequest['workflow'], string>>;
}

/** Options of {@link SfnWorkflowGateway.waitForCompletion}. */
export interface WaitForCompletionOptions {
  /** Give up after this long (default 60 s) with an `InfrastructureError` `WORKFLOW_WAIT_TIMED_OUT`. */
  readonly timeoutMs?: number;
  /** First pause between two polls (default 100 ms); doubles up to `maxDelayMs`. */
  readonly initialDelayMs?: number;
  /** Longest pause between two polls (default 5 s). */
  readonly maxDelayMs?: number;
}

const STATUSES: Readonly<Record<string, WorkflowStatus>> = {
  RUNNING: 'running',
  // Being redriven: it runs again.
  PENDING_REDRIVE: 'running',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  TIMED_OUT: 'timed_out',
  ABORTED: 'aborted',
};

/**
 * The `WorkflowGateway` on AWS Step Functions (`@aws-sdk/client-sfn`, an optional peer loaded
 * on first use). `start` names the execution after the request's `executionName` (sanitised to
 * `[A-Za-z0-9-_]`, at most 80 characters), so a second start with the same name returns the
 * first execution with `alreadyStarted: true`; execution ids are execution ARNs. Task
 * callbacks translate Step Functions' errors: `NOT_FOUND`, `TASK_TIMED_OUT`,
 * `INVALID_TASK_TOKEN`, `INVALID_TASK_OUTPUT`, otherwise `INFRASTRUCTURE_FAILURE`.
 *
 * Two concurrent first starts of one name still make one execution (Step Functions dedupes
 * by name), but both may report `alreadyStarted: false`.
 *
 * Nothing leaves with PII: workflow input and task output are sanitised (`sanitise` of
 * `shared/pii`: emails, phones, personal ids masked, secrets redacted) and the `error` /
 * `cause` of `failTask` and `stop` are sanitised and cut to Step Functions' limits (256 and
 * 32,768 characters). Execution names are sent as given (sanitised to the allowed
 * characters only): they are idempotency keys, so build them from ids, never from PII.
 *
 * @example
 * ```ts
 * const workflows = new SfnWorkflowGateway({
 *   clientConfig: { region: 'eu-west-1' },
 *   stateMachineArns: { onboarding: 'arn:aws:states:eu-west-1:123456789012:stateMachine:onboarding' },
 * });
 * const { executionId } = await workflows.start({ workflow: 'onboarding', executionName: 'onboarding-42', input: { candidateId } });
 * await workflows.waitForCompletion(executionId, { timeoutMs: 60_000 }); // 'succeeded'
 * ```
 */
export class SfnWorkflowGateway implements WorkflowGateway {
  private client: SfnClient | undefined;

  constructor(private readonly options: SfnWorkflowGatewayOptions) {
    this.client = options.client;
  }

  async start(request: StartWorkflowRequest): Promise<StartedWorkflow> {
    const stateMachineArn = this.options.stateMachineArns[request.workflow];
    const name = sanitiseExecutionName(request.executionName);
    const expected = executionArn(stateMachineArn, name);
    // Step Functions answers a repeated start with the same input with the first execution
    // and no error, so look first to tell the caller it already existed.
    if ((await this.describe(expected)) !== null) {
      return { executionId: expected, alreadyStarted: true };
    }
    const sdk = await loadSfnModule();
    try {
      const output = (await this.send(
        new sdk.StartExecutionCommand({
          stateMachineArn,
          name,
          input: JSON.stringify(sanitiseWorkflowPayload(request.input)),
        }),
      )) as StartExecutionOutput;
      return { executionId: output.executionArn ?? expected, alreadyStarted: false };
    } catch (error) {
      if (awsErrorName(error) === 'ExecutionAlreadyExists') {
        return { executionId: expected, alreadyStarted: true };
      }
      throw infrastructureError('StartExecution', error, { stateMachineArn, executionName: name });
    }
  }

  async status(executionId: string): Promise<WorkflowStatus> {
    const execution = await this.describe(executionId);
    if (execution === null) throw new NotFoundError('Workflow execution', executionId);
    const status = STATUSES[execution.status ?? ''];
    if (status === undefined) {
      throw new InfrastructureError(`unknown Step Functions status ${String(execution.status)}`, {
        context: { executionId },
      });
    }
    return status;
  }

  /**
   * Polls `status` with exponential backoff until the execution is no longer running and
   * returns its final status.
   */
  async waitForCompletion(
    executionId: string,
    options: WaitForCompletionOptions = {},
  ): Promise<WorkflowStatus> {
    const { timeoutMs = 60_000, initialDelayMs = 100, maxDelayMs = 5_000 } = options;
    const deadline = Date.now() + timeoutMs;
    let delay = Math.max(1, initialDelayMs);
    for (;;) {
      const status = await this.status(executionId);
      if (status !== 'running') return status;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new InfrastructureError(`workflow execution still running after ${timeoutMs} ms`, {
          code: 'WORKFLOW_WAIT_TIMED_OUT',
          context: { executionId, timeoutMs },
        });
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(delay, left)));
      delay = Math.min(delay * 2, maxDelayMs);
    }
  }

  /** Stops a running execution (`StopExecution`); the cause is recorded by Step Functions. */
  async stop(executionId: string, cause: string): Promise<void> {
    const sdk = await loadSfnModule();
    try {
      await this.send(
        new sdk.StopExecutionCommand({
          executionArn: executionId,
          cause: sanitiseFailureText(cause, STEP_FUNCTIONS_LIMITS.cause),
        }),
      );
    } catch (error) {
      if (isMissingExecution(error)) throw new NotFoundError('Workflow execution', executionId);
      throw infrastructureError('StopExecution', error, { executionId });
    }
  }

  async completeTask(taskToken: string, output: Readonly<Record<string, unknown>>): Promise<void> {
    const sdk = await loadSfnModule();
    await this.task(
      'SendTaskSuccess',
      taskToken,
      new sdk.SendTaskSuccessCommand({
        taskToken,
        output: JSON.stringify(sanitiseWorkflowPayload(output)),
      }),
    );
  }

  async failTask(taskToken: string, error: string, cause: string): Promise<void> {
    const sdk = await loadSfnModule();
    await this.task(
      'SendTaskFailure',
      taskToken,
      new sdk.SendTaskFailureCommand({
        taskToken,
        error: sanitiseFailureText(error, STEP_FUNCTIONS_LIMITS.error),
        cause: sanitiseFailureText(cause, STEP_FUNCTIONS_LIMITS.cause),
      }),
    );
  }

  async heartbeatTask(taskToken: string): Promise<void> {
    const sdk = await loadSfnModule();
    await this.task(
      'SendTaskHeartbeat',
      taskToken,
      new sdk.SendTaskHeartbeatCommand({ taskToken }),
    );
  }

  private async task(operation: string, taskToken: string, command: SfnCommand): Promise<void> {
    try {
      await this.send(command);
    } catch (error) {
      throw translateTaskError(error, taskToken, operation);
    }
  }

  /** The execution, or null when there is none with that ARN. */
  private async describe(executionId: string): Promise<DescribeExecutionOutput | null> {
    const sdk = await loadSfnModule();
    try {
      return (await this.send(
        new sdk.DescribeExecutionCommand({ executionArn: executionId }),
      )) as DescribeExecutionOutput;
    } catch (error) {
      if (isMissingExecution(error)) return null;
      throw infrastructureError('DescribeExecution', error, { executionId });
    }
  }

  private async send(command: SfnCommand): Promise<unknown> {
    this.client ??= createClient(await loadSfnModule(), this.options.clientConfig);
    return this.client.send(command);
  }
}

function createClient(sdk: SfnModule, config: AwsClientConfig | undefined): SfnClient {
  return new sdk.SFNClient(config ?? {});
}

function isMissingExecution(error: unknown): boolean {
  const name = awsErrorName(error);
  return name === 'ExecutionDoesNotExist' || name === 'InvalidArn';
}

function infrastructureError(
  operation: string,
  cause: unknown,
  context: Readonly<Record<string, unknown>>,
): InfrastructureError {
  const name = awsErrorName(cause);
  return new InfrastructureError(
    `Step Functions ${operation} failed${name === undefined ? '' : `: ${name}`}`,
    { context: { operation, ...context }, cause },
  );
}
