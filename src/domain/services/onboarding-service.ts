import { z } from 'zod';
import { DomainError, NotFoundError } from '../errors.js';
import type { Candidate } from '../models/candidate.js';
import type { DomainEvent } from '../models/domain-event.js';
import type { Onboarding } from '../models/onboarding.js';
import type { Repositories, UnitOfWork } from '../ports/unit-of-work.js';
import type { WorkflowGateway } from '../ports/workflow-gateway.js';
import { type DomainClock, resolveClock } from './domain-clock.js';
import { FunnelService } from './funnel-service.js';
import { parseInput } from './parse-input.js';

/** Who the `hired → onboarded` transition names as the actor. */
export const ONBOARDING_ACTOR = 'onboarding';

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
 * `NOT_FOUND`, `VALIDATION_FAILED`.
 *
 * @example
 * ```ts
 * const onboarding = new OnboardingService(uow, stepFunctionsGateway);
 * await onboarding.start(candidateId);                       // after the move to `hired`
 * await onboarding.complete(candidateId);                    // workflow succeeded: candidate onboarded
 * await onboarding.fail(candidateId, 'documents rejected');  // or: stays hired, reason kept
 * ```
 */
export class OnboardingService {
  private readonly clock: Required<DomainClock>;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly workflows: WorkflowGateway,
    clock: DomainClock = {},
  ) {
    this.clock = resolveClock(clock);
  }

  /**
   * Starts the onboarding of a hired candidate, or returns the onboarding already started or
   * completed. The workflow execution is named `onboarding-{candidateId}` (`-2`, `-3` … for a
   * restart after a failure), so a retried `start` never runs a second workflow; it is started
   * before the onboarding is saved, because a workflow call cannot join the transaction.
   */
  async start(candidateId: string): Promise<Onboarding> {
    const id = parseInput('candidateId', CandidateIdSchema, candidateId);
    const plan = await this.unitOfWork.run(async ({ candidates, onboardings }) => {
      const candidate = await requireCandidate(candidates, id);
      const existing = await onboardings.get(id);
      if (existing && existing.status !== 'failed') return { existing };
      assertHired(candidate);
      return { candidate, executionName: nextExecutionName(id, existing) };
    });
    if ('existing' in plan) return plan.existing;
    const { candidate, executionName } = plan;
    const { executionId } = await this.workflows.start({
      workflow: 'onboarding',
      executionName,
      input: { candidateId: candidate.id, companyId: candidate.companyId },
    });
    return this.unitOfWork.run(async ({ candidates, onboardings, outbox }) => {
      const existing = await onboardings.get(id);
      // A concurrent start got here first with the same execution.
      if (existing && existing.status !== 'failed') return existing;
      assertHired(await requireCandidate(candidates, id));
      const onboarding: Onboarding = {
        candidateId: id,
        companyId: candidate.companyId,
        status: 'started',
        executionName,
        executionId,
        startedAt: this.clock.now(),
      };
      await onboardings.save(onboarding);
      await outbox.append([
        this.event('onboarding.started', onboarding, { executionName, executionId }),
      ]);
      return onboarding;
    });
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
      const failed: Onboarding = {
        ...onboarding,
        status: 'failed',
        failureReason: input.reason,
        finishedAt: this.clock.now(),
      };
      await repositories.onboardings.save(failed);
      await repositories.outbox.append([
        this.event('onboarding.failed', failed, {
          executionName: failed.executionName,
          reason: input.reason,
        }),
      ]);
      return failed;
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

/** `onboarding-{id}` first; after a failed attempt `…-2`, `…-3`, so a retry is a new execution. */
function nextExecutionName(candidateId: string, failed: Onboarding | null): string {
  const base = `onboarding-${candidateId}`;
  if (!failed) return base;
  const attempt =
    failed.executionName === base ? 1 : Number(failed.executionName.slice(base.length + 1));
  return `${base}-${(Number.isInteger(attempt) ? attempt : 1) + 1}`;
}
