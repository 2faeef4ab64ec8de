import { z } from 'zod';
import { ConflictError, DomainError, NotFoundError } from '../errors.js';
import type { Candidate } from '../models/candidate.js';
import type { DomainEvent } from '../models/domain-event.js';
import type { Onboarding } from '../models/onboarding.js';
import type { SagaRecord, SagaStore } from '../ports/saga-store.js';
import type { Repositories, UnitOfWork } from '../ports/unit-of-work.js';
import type { StartWorkflowRequest, WorkflowGateway } from '../ports/workflow-gateway.js';
import { type DomainClock, resolveClock } from './domain-clock.js';
import { FunnelService } from './funnel-service.js';
import { parseInput } from './parse-input.js';
import { ProcessLocalSagaStore } from './process-local-saga-store.js';
import {
  defineSaga,
  type SagaDefinition,
  SagaOrchestrator,
  type SagaResumeReport,
  type SagaStepContext,
  type SagaStepEvent,
} from './saga-orchestrator.js';

/** Who the `hired → onboarded` transition names as the actor. */
export const ONBOARDING_ACTOR = 'onboarding';

const START_WORKFLOW = 'start-workflow';

/** The saga type of `OnboardingService.start`, stored with each of its sagas. */
export const ONBOARDING_START_SAGA = 'onboarding.start';

/** What the onboarding-start saga keeps as its input: enough to run or undo every step. */
export type OnboardingStartInput = {
  readonly candidateId: string;
  readonly companyId: string;
  /** The workflow execution name of this attempt; the saga id is derived from it. */
  readonly executionName: string;
};

/**
 * Options of {@link OnboardingService}.
 *
 * @example
 * ```ts
 * new OnboardingService(uow, workflows, {}, { sagaStore: new KyselySagaStore(db) });
 * ```
 */
export interface OnboardingServiceOptions {
  /**
   * Where the progress of the start saga is kept. Give a durable store (`KyselySagaStore`;
   * the container binds one) so that a start interrupted by a crash is completed or undone by
   * `resumeInterrupted` after the restart. Default: a store in this process, which still
   * compensates a failed start but forgets a crashed one.
   */
  readonly sagaStore?: SagaStore;
  /**
   * Called after each step or compensation of the start saga has been persisted (telemetry,
   * crash tests: throwing `SagaInterruptedError` here stops the saga where it stands).
   */
  readonly onSagaStep?: (event: SagaStepEvent) => void | Promise<void>;
}

/** Options of {@link OnboardingService.resumeInterrupted}. */
export interface ResumeOnboardingOptions {
  /** Most sagas to look at in one call; default 100. */
  readonly limit?: number;
  /**
   * Resume only starts idle for at least this long (default 60,000 ms), so a start another
   * process is running right now is left to it; `0` resumes every unfinished start.
   */
  readonly idleForMs?: number;
}

const CandidateIdSchema = z.uuid();
const FailureSchema = z.object({
  candidateId: z.uuid(),
  reason: z.string().trim().min(1).max(2000),
});
const TaskTokenSchema = z.string().min(1).max(4096);
const CompleteTaskSchema = z.object({
  taskToken: TaskTokenSchema,
  output: z.record(z.string(), z.unknown()),
});
const FailTaskSchema = z.object({
  taskToken: TaskTokenSchema,
  error: z.string().min(1).max(256),
  cause: z.string().max(32_768),
});

/**
 * The onboarding of hired candidates through a workflow engine (Step Functions in
 * production): `start` launches one workflow execution per candidate under an idempotent
 * name, `complete` and `fail` record the outcome when the workflow calls back (the candidate
 * ends `onboarded`, or stays `hired` with the reason), and `completeTask`/`failTask` answer a
 * workflow's callback tasks. Error codes: `CANDIDATE_NOT_HIRED`, `ONBOARDING_NOT_IN_PROGRESS`,
 * `ONBOARDING_START_COMPENSATED`, `SAGA_COMPENSATION_FAILED`, `NOT_FOUND`,
 * `VALIDATION_FAILED`.
 *
 * `start` performs two effects in a row — start the workflow execution, then record the
 * onboarding and its `onboarding.started` event — as a durable saga ({@link startSaga}, ADR
 * 0012): each step is persisted in the saga store before the next runs, a failed recording
 * stops the execution again, and after a crash {@link resumeInterrupted} (or the same
 * `start` again) completes or undoes what was left, never leaving an execution without its
 * onboarding.
 *
 * @example
 * ```ts
 * const onboarding = new OnboardingService(uow, stepFunctionsGateway, {}, { sagaStore: new KyselySagaStore(db) });
 * await onboarding.resumeInterrupted();                      // at start-up
 * await onboarding.start(candidateId);                       // after the move to `hired`
 * await onboarding.complete(candidateId);                    // workflow succeeded: candidate onboarded
 * await onboarding.fail(candidateId, 'documents rejected');  // or: stays hired, reason kept
 * ```
 */
export class OnboardingService {
  /**
   * The saga `start` runs (type {@link ONBOARDING_START_SAGA}): `start-workflow` starts the
   * execution under its idempotent name (undone by stopping it if it still runs), then
   * `record-onboarding` saves the onboarding and its event in one unit of work (undone by
   * marking it failed with the reason). Register it when resuming sagas with an orchestrator
   * of your own.
   */
  readonly startSaga: SagaDefinition<OnboardingStartInput>;
  private readonly clock: Required<DomainClock>;
  private readonly sagaStore: SagaStore;
  private readonly sagas: SagaOrchestrator;
  /** Within this process, per saga id: the execution the first step started. */
  private readonly startedExecutions = new Map<string, string>();
  /** Within this process, per saga id: the error that made the saga compensate. */
  private readonly stepErrors = new Map<string, unknown>();

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly workflows: WorkflowGateway,
    clock: DomainClock = {},
    options: OnboardingServiceOptions = {},
  ) {
    this.clock = resolveClock(clock);
    this.sagaStore = options.sagaStore ?? new ProcessLocalSagaStore();
    this.sagas = new SagaOrchestrator(
      this.sagaStore,
      this.clock,
      options.onSagaStep === undefined ? {} : { onStepCompleted: options.onSagaStep },
    );
    this.startSaga = defineSaga<OnboardingStartInput>(ONBOARDING_START_SAGA, [
      {
        name: START_WORKFLOW,
        run: (context) => this.remembering(context, () => this.startWorkflow(context)),
        compensate: (context) => this.stopWorkflow(context),
      },
      {
        name: 'record-onboarding',
        run: (context) => this.remembering(context, () => this.recordOnboarding(context)),
        compensate: (context) => this.markStartUndone(context),
      },
    ]);
  }

  /**
   * Starts the onboarding of a hired candidate, or returns the onboarding already started or
   * completed. The workflow execution is named `onboarding-{candidateId}` (`-2`, `-3` … for a
   * restart after a failure, or after a start that was undone), so a retried `start` never
   * runs a second workflow. The execution is started before the onboarding is recorded,
   * because a workflow call cannot join the transaction; the start saga makes the pair
   * all-or-nothing: when the recording fails (the candidate is no longer hired, the database
   * is down) the execution is stopped again and the recording's error is thrown.
   */
  async start(candidateId: string): Promise<Onboarding> {
    const id = parseInput('candidateId', CandidateIdSchema, candidateId);
    const plan = await this.unitOfWork.run(async ({ candidates, onboardings }) => {
      const candidate = await requireCandidate(candidates, id);
      const existing = await onboardings.get(id);
      if (existing && existing.status !== 'failed') return { existing };
      assertHired(candidate);
      return { companyId: candidate.companyId, previous: existing };
    });
    if ('existing' in plan) return plan.existing;
    const { executionName, sagaId } = await this.nextAttempt(id, plan.previous);
    const input: OnboardingStartInput = {
      candidateId: id,
      companyId: plan.companyId,
      executionName,
    };
    try {
      const record = await this.runStartSaga(sagaId, input);
      if (record.status === 'compensated') throw this.compensatedError(record, input);
      const onboarding = await this.unitOfWork.run(({ onboardings }) => onboardings.get(id));
      if (!onboarding) throw new NotFoundError('Onboarding', id);
      return onboarding;
    } finally {
      this.forget(sagaId);
    }
  }

  /**
   * Completes or undoes the starts a crash interrupted: every unfinished start saga idle for
   * `idleForMs` is resumed at its first unfinished step (or compensation). Call it once at
   * start-up (`app.resumeSagas()` in the container does); sagas of other types are reported
   * as skipped. A compensation that fails is reported in `failed`, never swallowed.
   *
   * @example
   * ```ts
   * const report = await onboarding.resumeInterrupted();
   * for (const saga of report.failed) logger.error('onboarding start not undone', { id: saga.id });
   * ```
   */
  async resumeInterrupted(options: ResumeOnboardingOptions = {}): Promise<SagaResumeReport> {
    const idleForMs = options.idleForMs ?? 60_000;
    const updatedBefore = new Date(this.clock.now().getTime() - idleForMs);
    const report = await this.sagas.resumeAll(
      [this.startSaga],
      options.limit ?? 100,
      idleForMs > 0 ? { updatedBefore } : {},
    );
    for (const record of [...report.finished, ...report.failed]) this.forget(record.id);
    return report;
  }

  /**
   * Records that the workflow succeeded: the onboarding is completed and the candidate moves
   * `hired → onboarded` under the funnel's rules (transition and `candidate.stage_changed`
   * event included). Completing a completed onboarding returns it unchanged.
   */
  async complete(candidateId: string): Promise<Onboarding> {
    const id = parseInput('candidateId', CandidateIdSchema, candidateId);
    return this.unitOfWork.run(async (repositories) => {
      const onboarding = await requireOnboarding(repositories, id);
      if (onboarding.status === 'completed') return onboarding;
      assertInProgress(onboarding);
      await new FunnelService(repositories, this.clock).moveCandidate({
        candidateId: id,
        to: 'onboarded',
        actor: ONBOARDING_ACTOR,
        requestId: `${onboarding.executionName}:completed`,
      });
      const completed: Onboarding = {
        ...onboarding,
        status: 'completed',
        finishedAt: this.clock.now(),
      };
      await repositories.onboardings.save(completed);
      await repositories.outbox.append([
        this.event('onboarding.completed', completed, { executionName: completed.executionName }),
      ]);
      return completed;
    });
  }

  /**
   * Records that the workflow failed: the onboarding is failed with the reason and the
   * candidate stays `hired` (a later `start` retries under a new execution name). Failing a
   * failed onboarding returns it unchanged, keeping the first reason.
   */
  async fail(candidateId: string, reason: string): Promise<Onboarding> {
    const input = parseInput('onboarding failure', FailureSchema, { candidateId, reason });
    return this.unitOfWork.run(async (repositories) => {
      const onboarding = await requireOnboarding(repositories, input.candidateId);
      if (onboarding.status === 'failed') return onboarding;
      assertInProgress(onboarding);
      return this.recordFailure(repositories, onboarding, input.reason);
    });
  }

  /** Answers a workflow's callback task with success (Step Functions `SendTaskSuccess`). */
  async completeTask(taskToken: string, output: Readonly<Record<string, unknown>>): Promise<void> {
    const input = parseInput('task completion', CompleteTaskSchema, { taskToken, output });
    await this.workflows.completeTask(input.taskToken, input.output);
  }

  /** Answers a workflow's callback task with a failure (Step Functions `SendTaskFailure`). */
  async failTask(taskToken: string, error: string, cause: string): Promise<void> {
    const input = parseInput('task failure', FailTaskSchema, { taskToken, error, cause });
    await this.workflows.failTask(input.taskToken, input.error, input.cause);
  }

  private async recordFailure(
    { onboardings, outbox }: Repositories,
    onboarding: Onboarding,
    reason: string,
  ): Promise<Onboarding> {
    const failed: Onboarding = {
      ...onboarding,
      status: 'failed',
      failureReason: reason,
      finishedAt: this.clock.now(),
    };
    await onboardings.save(failed);
    await outbox.append([
      this.event('onboarding.failed', failed, { executionName: failed.executionName, reason }),
    ]);
    return failed;
  }

  /** Runs the start saga; a concurrent first start of the same saga joins it. */
  private async runStartSaga(sagaId: string, input: OnboardingStartInput): Promise<SagaRecord> {
    try {
      return await this.sagas.start(this.startSaga, sagaId, input);
    } catch (error) {
      if (!(error instanceof ConflictError && error.code === 'SAGA_ALREADY_EXISTS')) throw error;
      return this.sagas.start(this.startSaga, sagaId, input);
    }
  }

  /** The error `start` throws for an undone start: the step's own error when it ran here. */
  private compensatedError(record: SagaRecord, input: OnboardingStartInput): unknown {
    return (
      this.stepErrors.get(record.id) ??
      new DomainError(
        `the start of onboarding ${input.executionName} was undone: ${record.error ?? 'unknown'}`,
        {
          code: 'ONBOARDING_START_COMPENSATED',
          context: { candidateId: input.candidateId, executionName: input.executionName },
        },
      )
    );
  }

  /**
   * The execution name and saga id of a new attempt: the name after a failed onboarding's;
   * a name whose start was undone after its execution started is spent (the stopped
   * execution keeps it), so the next one is taken; a name whose start failed before any
   * execution was confirmed is tried again (a start that timed out may have created it: the
   * idempotent start finds it) under a fresh saga id.
   */
  private async nextAttempt(
    candidateId: string,
    failed: Onboarding | null,
  ): Promise<{ executionName: string; sagaId: string }> {
    let executionName = nextExecutionName(candidateId, failed?.executionName);
    let retry = 1;
    for (;;) {
      const sagaId = startSagaId(executionName, retry);
      const saga = await this.sagaStore.get(sagaId);
      if (saga?.status !== 'compensated') return { executionName, sagaId };
      if (saga.completedSteps.includes(START_WORKFLOW)) {
        executionName = nextExecutionName(candidateId, executionName);
        retry = 1;
      } else {
        retry += 1;
      }
    }
  }

  /** Step `start-workflow`: idempotent by execution name. */
  private async startWorkflow({ sagaId, input }: SagaStepContext<OnboardingStartInput>) {
    const { executionId } = await this.workflows.start(workflowRequest(input));
    this.startedExecutions.set(sagaId, executionId);
  }

  /** Compensation of `start-workflow`: stop the execution unless it already ended. */
  private async stopWorkflow(context: SagaStepContext<OnboardingStartInput>): Promise<void> {
    if (this.workflows.stop === undefined) {
      throw new DomainError('the workflow gateway cannot stop executions', {
        code: 'WORKFLOW_STOP_UNSUPPORTED',
        context: { executionName: context.input.executionName },
      });
    }
    const executionId = await this.executionOf(context);
    if ((await this.workflows.status(executionId)) !== 'running') return;
    await this.workflows.stop(executionId, undoneReason(context));
  }

  /** Step `record-onboarding`: the onboarding and its event, once per execution. */
  private async recordOnboarding(context: SagaStepContext<OnboardingStartInput>): Promise<void> {
    const { candidateId, companyId, executionName } = context.input;
    const executionId = await this.executionOf(context);
    await this.unitOfWork.run(async ({ candidates, onboardings, outbox }) => {
      const existing = await onboardings.get(candidateId);
      // Recorded already: by a concurrent start, or by this step before a crash (and since
      // then perhaps completed or failed by the workflow's callback).
      if (existing && (existing.status !== 'failed' || existing.executionName === executionName)) {
        return;
      }
      assertHired(await requireCandidate(candidates, candidateId));
      const onboarding: Onboarding = {
        candidateId,
        companyId,
        status: 'started',
        executionName,
        executionId,
        startedAt: this.clock.now(),
      };
      await onboardings.save(onboarding);
      await outbox.append([
        this.event('onboarding.started', onboarding, { executionName, executionId }),
      ]);
    });
  }

  /** Compensation of `record-onboarding`: the onboarding of this execution fails with the reason. */
  private async markStartUndone(context: SagaStepContext<OnboardingStartInput>): Promise<void> {
    await this.unitOfWork.run(async (repositories) => {
      const onboarding = await repositories.onboardings.get(context.input.candidateId);
      if (onboarding?.status !== 'started') return;
      if (onboarding.executionName !== context.input.executionName) return;
      await this.recordFailure(repositories, onboarding, undoneReason(context));
    });
  }

  /**
   * The execution the first step started: remembered in this process, or after a restart
   * found again by an idempotent start under the same name (which starts nothing new).
   */
  private async executionOf({ sagaId, input }: SagaStepContext<OnboardingStartInput>) {
    const remembered = this.startedExecutions.get(sagaId);
    if (remembered !== undefined) return remembered;
    const { executionId } = await this.workflows.start(workflowRequest(input));
    this.startedExecutions.set(sagaId, executionId);
    return executionId;
  }

  /** Runs a step, keeping its error so that `start` can throw it after the compensation. */
  private async remembering(
    { sagaId }: SagaStepContext<OnboardingStartInput>,
    step: () => Promise<void>,
  ): Promise<void> {
    try {
      await step();
    } catch (error) {
      this.stepErrors.set(sagaId, error);
      throw error;
    }
  }

  private forget(sagaId: string): void {
    this.startedExecutions.delete(sagaId);
    this.stepErrors.delete(sagaId);
  }

  private event(
    type: 'onboarding.started' | 'onboarding.completed' | 'onboarding.failed',
    onboarding: Onboarding,
    payload: DomainEvent['payload'],
  ): DomainEvent {
    return {
      id: this.clock.newId(),
      type,
      aggregateType: 'onboarding',
      aggregateId: onboarding.candidateId,
      companyId: onboarding.companyId,
      occurredAt: onboarding.finishedAt ?? onboarding.startedAt,
      payload: { candidateId: onboarding.candidateId, ...payload },
    };
  }
}

async function requireCandidate(
  candidates: Repositories['candidates'],
  id: string,
): Promise<Candidate> {
  const candidate = await candidates.get(id);
  if (!candidate) throw new NotFoundError('Candidate', id);
  return candidate;
}

async function requireOnboarding(repositories: Repositories, id: string): Promise<Onboarding> {
  const onboarding = await repositories.onboardings.get(id);
  if (!onboarding) throw new NotFoundError('Onboarding', id);
  return onboarding;
}

function assertHired(candidate: Candidate): void {
  if (candidate.stage !== 'hired') {
    throw new DomainError(`candidate ${candidate.id} is ${candidate.stage}, not hired`, {
      code: 'CANDIDATE_NOT_HIRED',
      context: { candidateId: candidate.id, stage: candidate.stage },
    });
  }
}

function assertInProgress(onboarding: Onboarding): void {
  if (onboarding.status !== 'started') {
    throw new DomainError(
      `the onboarding of candidate ${onboarding.candidateId} is ${onboarding.status}`,
      {
        code: 'ONBOARDING_NOT_IN_PROGRESS',
        context: { candidateId: onboarding.candidateId, status: onboarding.status },
      },
    );
  }
}

/** `onboarding-{id}` first; after a spent name `…-2`, `…-3`, so a retry is a new execution. */
function nextExecutionName(candidateId: string, spent: string | undefined): string {
  const base = `onboarding-${candidateId}`;
  if (spent === undefined) return base;
  const attempt = spent === base ? 1 : Number(spent.slice(base.length + 1));
  return `${base}-${(Number.isInteger(attempt) ? attempt : 1) + 1}`;
}

/** A start saga per attempt: its execution name, and `#n` when that name is tried again. */
function startSagaId(executionName: string, retry: number): string {
  const id = `${ONBOARDING_START_SAGA}:${executionName}`;
  return retry === 1 ? id : `${id}#${retry}`;
}

function workflowRequest(input: OnboardingStartInput): StartWorkflowRequest {
  return {
    workflow: 'onboarding',
    executionName: input.executionName,
    input: { candidateId: input.candidateId, companyId: input.companyId },
  };
}

/** Why a start was undone, within the onboarding's 2,000-character reason. */
function undoneReason({ error }: SagaStepContext<OnboardingStartInput>): string {
  return `onboarding start undone: ${error ?? 'saga compensated'}`.slice(0, 2000);
}
