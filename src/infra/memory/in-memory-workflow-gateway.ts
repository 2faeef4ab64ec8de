import { randomUUID } from 'node:crypto';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import type {
  StartedWorkflow,
  StartWorkflowRequest,
  WorkflowGateway,
  WorkflowStatus,
} from '../../domain/ports/workflow-gateway.js';

/** What the fake knows about one workflow execution. */
export interface InMemoryWorkflowExecution {
  readonly executionId: string;
  readonly executionName: string;
  readonly workflow: StartWorkflowRequest['workflow'];
  readonly input: StartWorkflowRequest['input'];
  readonly status: WorkflowStatus;
  /** Output of the completed task. */
  readonly output?: Readonly<Record<string, unknown>>;
  /** Error and cause of the failed task, or the cause of a stop. */
  readonly error?: string;
  readonly cause?: string;
  readonly heartbeats: number;
}

type MutableExecution = {
  -readonly [K in keyof InMemoryWorkflowExecution]: InMemoryWorkflowExecution[K];
};

/**
 * A `WorkflowGateway` with real state, standing in for Step Functions: executions by name
 * (a second start with the same name returns the first execution, `alreadyStarted: true`),
 * task tokens issued with {@link InMemoryWorkflowGateway.issueTaskToken} as a workflow's
 * callback task would, and completion or failure of a task closing its execution. A token
 * that is unknown or already used is a `NotFoundError`; an empty one a `ValidationError`.
 *
 * @example
 * ```ts
 * const workflows = new InMemoryWorkflowGateway();
 * const { executionId } = await workflows.start({ workflow: 'onboarding', executionName: 'onboarding-1', input: {} });
 * const token = workflows.issueTaskToken(executionId);
 * await workflows.completeTask(token, { documents: 'received' });
 * await workflows.status(executionId); // 'succeeded'
 * ```
 */
export class InMemoryWorkflowGateway implements WorkflowGateway {
  private readonly executionsById = new Map<string, MutableExecution>();
  private readonly idsByName = new Map<string, string>();
  /** Open task tokens and the execution each belongs to. */
  private readonly tokens = new Map<string, string>();

  async start(request: StartWorkflowRequest): Promise<StartedWorkflow> {
    const existing = this.idsByName.get(request.executionName);
    if (existing !== undefined) return { executionId: existing, alreadyStarted: true };
    const executionId = `memory:execution:${request.workflow}:${request.executionName}:${randomUUID()}`;
    this.executionsById.set(executionId, {
      executionId,
      executionName: request.executionName,
      workflow: request.workflow,
      input: structuredClone(request.input),
      status: 'running',
      heartbeats: 0,
    });
    this.idsByName.set(request.executionName, executionId);
    return { executionId, alreadyStarted: false };
  }

  async status(executionId: string): Promise<WorkflowStatus> {
    return this.require(executionId).status;
  }

  /** Issues a task token for a running execution, as a callback task (`.waitForTaskToken`) would. */
  issueTaskToken(executionId: string): string {
    const execution = this.require(executionId);
    if (execution.status !== 'running') {
      throw new NotFoundError('Running workflow execution', executionId);
    }
    const token = `memory-task-token:${randomUUID()}`;
    this.tokens.set(token, executionId);
    return token;
  }

  async completeTask(taskToken: string, output: Readonly<Record<string, unknown>>): Promise<void> {
    const execution = this.takeTask(taskToken);
    execution.status = 'succeeded';
    execution.output = structuredClone(output);
  }

  async failTask(taskToken: string, error: string, cause: string): Promise<void> {
    const execution = this.takeTask(taskToken);
    execution.status = 'failed';
    execution.error = error;
    execution.cause = cause;
  }

  async heartbeatTask(taskToken: string): Promise<void> {
    this.executionOf(taskToken).heartbeats += 1;
  }

  /**
   * Stops a running execution: it ends `aborted` with the cause kept, and its open task
   * tokens close. Stopping a finished execution changes nothing; an unknown one is a
   * `NotFoundError`, as on Step Functions.
   */
  async stop(executionId: string, cause: string): Promise<void> {
    const execution = this.require(executionId);
    if (execution.status !== 'running') return;
    execution.status = 'aborted';
    execution.cause = cause;
    for (const [token, owner] of this.tokens) {
      if (owner === executionId) this.tokens.delete(token);
    }
  }

  /** Every execution started so far, oldest first (copies). */
  executions(): InMemoryWorkflowExecution[] {
    return [...this.executionsById.values()].map((execution) => structuredClone(execution));
  }

  /** One execution (a copy), or null. */
  execution(executionId: string): InMemoryWorkflowExecution | null {
    const execution = this.executionsById.get(executionId);
    return execution ? structuredClone(execution) : null;
  }

  private takeTask(taskToken: string): MutableExecution {
    const execution = this.executionOf(taskToken);
    // A task closes once, like Step Functions' TaskTimedOut for a reused token.
    this.tokens.delete(taskToken);
    for (const [token, executionId] of this.tokens) {
      if (executionId === execution.executionId) this.tokens.delete(token);
    }
    return execution;
  }

  private executionOf(taskToken: string): MutableExecution {
    if (taskToken.length === 0) {
      throw new ValidationError('task token', [
        { code: 'custom', path: [], message: 'must not be empty', input: taskToken },
      ]);
    }
    const executionId = this.tokens.get(taskToken);
    if (executionId === undefined) throw new NotFoundError('Task token', maskToken(taskToken));
    return this.require(executionId);
  }

  private require(executionId: string): MutableExecution {
    const execution = this.executionsById.get(executionId);
    if (!execution) throw new NotFoundError('Workflow execution', executionId);
    return execution;
  }
}

/** Tokens are credentials for the callback: errors show only their end. */
function maskToken(token: string): string {
  return token.length <= 8 ? '…' : `…${token.slice(-6)}`;
}
