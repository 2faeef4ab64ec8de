export interface StartWorkflowRequest {
  readonly workflow: 'onboarding';
  /** Idempotent name: a second start with the same name does not start another execution. */
  readonly executionName: string;
  /** JSON input; ids only, no PII. */
  readonly input: Readonly<Record<string, string | number | boolean | null>>;
}

export interface StartedWorkflow {
  readonly executionId: string;
  /** True when an execution with this name already existed. */
  readonly alreadyStarted: boolean;
}

export type WorkflowStatus = 'running' | 'succeeded' | 'failed' | 'timed_out' | 'aborted';

/**
 * Runs long workflows (AWS Step Functions in production) and answers their task callbacks.
 * Unknown, expired or malformed task tokens are `NotFoundError`/`ValidationError`s.
 *
 * @example
 * ```ts
 * const { executionId } = await workflows.start({ workflow: 'onboarding', executionName, input });
 * await workflows.completeTask(taskToken, { documents: 'received' });
 * ```
 */
export interface WorkflowGateway {
  start(request: StartWorkflowRequest): Promise<StartedWorkflow>;
  status(executionId: string): Promise<WorkflowStatus>;
  completeTask(taskToken: string, output: Readonly<Record<string, unknown>>): Promise<void>;
  failTask(taskToken: string, error: string, cause: string): Promise<void>;
  heartbeatTask(taskToken: string): Promise<void>;
  /**
   * Stops a running execution (Step Functions `StopExecution`); `cause` says why. Optional so
   * that existing gateways keep compiling; without it `OnboardingService` cannot compensate a
   * started workflow, and such a compensation is recorded as failed, never skipped.
   */
  stop?(executionId: string, cause: string): Promise<void>;
}
