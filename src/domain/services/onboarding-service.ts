import { z } from 'zod';
import { DomainError, NotFoundError } from '../errors.js';
import type { Onboarding } from '../models/onboarding.js';
import type { SagaStore } from '../ports/saga-store.js';
import type { Repositories, UnitOfWork } from '../ports/unit-of-work.js';
import type { WorkflowGateway } from '../ports/workflow-gateway.js';
import { type DomainClock, resolveClock } from './domain-clock.js';
import { FunnelService } from './funnel-service.js';
import { onboardingEvent } from './onboarding-event.js';
import { type OnboardingStartInput, OnboardingStartSaga } from './onboarding-start-saga.js';
import { parseInput } from './parse-input.js';
import { recordOnboardingFailure } from './record-onboarding-failure.js';
import { requireHiredCandidate } from './require-hired-candidate.js';
import type { SagaObserver } from './saga-observer.js';
import type { SagaDefinition, SagaResumeReport, SagaStepEvent } from './saga-orchestrator.js';

export { ONBOARDING_START_SAGA, type OnboardingStartInput } from './onboarding-start-saga.js';

/** Who the `hired → onboarded` transition names as the actor. */
export const ONBOARDING_ACTOR = 'onboarding';

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
  /** Measures the start saga's steps and runs (`sagaTelemetryObserver()`; the container passes it). */
  readonly sagaObserver?: SagaObserver;
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
  private readonly starts: OnboardingStartSaga;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly workflows: WorkflowGateway,
    clock: DomainClock = {},
    options: OnboardingServiceOptions = {},
  ) {
    this.clock = resolveClock(clock);
    this.starts = new OnboardingStartSaga(unitOfWork, workflows, this.clock, options);
    this.startSaga = this.starts.definition;
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
      const existing = await onboardings.get(id);
      if (existing && existing.status !== 'failed') return { existing };
      const candidate = await requireHiredCandidate(candidates, id);
      return { companyId: candidate.companyId, previous: existing };
    });
    if ('existing' in plan) return plan.existing;
    await this.starts.run(id, plan.companyId, plan.previous);
    const onboarding = await this.unitOfWork.run(({ onboardings }) => onboardings.get(id));
    if (!onboarding) throw new NotFoundError('Onboarding', id);
    return onboarding;
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
    return this.starts.resume(options.limit ?? 100, options.idleForMs ?? 60_000);
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
        onboardingEvent(this.clock.newId(), 'onboarding.completed', completed, {
          executionName: completed.executionName,
        }),
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
      return recordOnboardingFailure(repositories, onboarding, input.reason, this.clock);
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
}

async function requireOnboarding(repositories: Repositories, id: string): Promise<Onboarding> {
  const onboarding = await repositories.onboardings.get(id);
  if (!onboarding) throw new NotFoundError('Onboarding', id);
  return onboarding;
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
