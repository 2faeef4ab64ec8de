import { ConflictError, DomainError } from '../errors.js';
import type { Onboarding } from '../models/onboarding.js';
import type { SagaRecord, SagaStore } from '../ports/saga-store.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import type { StartWorkflowRequest, WorkflowGateway } from '../ports/workflow-gateway.js';
import type { DomainClock } from './domain-clock.js';
import { onboardingEvent } from './onboarding-event.js';
import { ProcessLocalSagaStore } from './process-local-saga-store.js';
import { recordOnboardingFailure } from './record-onboarding-failure.js';
import { requireHiredCandidate } from './require-hired-candidate.js';
import type { SagaObserver } from './saga-observer.js';
import {
  defineSaga,
  type SagaDefinition,
  SagaOrchestrator,
  type SagaResumeReport,
  type SagaStepContext,
  type SagaStepEvent,
} from './saga-orchestrator.js';

/** The saga type of `OnboardingService.start`, stored with each of its sagas. */
export const ONBOARDING_START_SAGA = 'onboarding.start';

/** What the onboarding-start saga keeps as its input: enough to run or undo every step. */
export type OnboardingStartInput = {
  readonly candidateId: string;
  readonly companyId: string;
  /** The workflow execution name of this attempt; the saga id is derived from it. */
  readonly executionName: string;
};

const START_WORKFLOW = 'start-workflow';

type StartContext = SagaStepContext<OnboardingStartInput>;

/**
 * The durable saga behind `OnboardingService.start` (ADR 0012): `start-workflow` starts the
 * execution under its idempotent name (undone by stopping it if it still runs), then
 * `record-onboarding` saves the onboarding and its event in one unit of work (undone by
 * marking it failed with the reason). Each step is persisted in the saga store before the
 * next runs, so a start a crash interrupted is completed or undone by {@link resume}.
 *
 * @example
 * ```ts
 * const starts = new OnboardingStartSaga(uow, workflows, resolveClock(), { sagaStore });
 * await starts.run(candidateId, companyId, null); // throws the step's error when undone
 * ```
 */
export class OnboardingStartSaga {
  /** The saga definition, to register when resuming sagas with an orchestrator of your own. */
  readonly definition: SagaDefinition<OnboardingStartInput>;
  private readonly store: SagaStore;
  private readonly sagas: SagaOrchestrator;
  /** Within this process, per saga id: the execution the first step started. */
  private readonly startedExecutions = new Map<string, string>();
  /** Within this process, per saga id: the error that made the saga compensate. */
  private readonly stepErrors = new Map<string, unknown>();

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly workflows: WorkflowGateway,
    private readonly clock: Required<DomainClock>,
    options: {
      readonly sagaStore?: SagaStore;
      readonly onSagaStep?: (event: SagaStepEvent) => void | Promise<void>;
      readonly sagaObserver?: SagaObserver;
    } = {},
  ) {
    this.store = options.sagaStore ?? new ProcessLocalSagaStore();
    this.sagas = new SagaOrchestrator(this.store, clock, {
      ...(options.onSagaStep === undefined ? {} : { onStepCompleted: options.onSagaStep }),
      ...(options.sagaObserver === undefined ? {} : { observer: options.sagaObserver }),
    });
    this.definition = defineSaga<OnboardingStartInput>(ONBOARDING_START_SAGA, [
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
   * Runs a new start attempt for a hired candidate (`previous`: its failed onboarding, if
   * any). Resolves once the onboarding is recorded; when the saga compensated, throws the
   * step's error (or `ONBOARDING_START_COMPENSATED` when it ran in another process).
   */
  async run(candidateId: string, companyId: string, previous: Onboarding | null): Promise<void> {
    const { executionName, sagaId } = await this.nextAttempt(candidateId, previous);
    const input: OnboardingStartInput = { candidateId, companyId, executionName };
    try {
      const record = await this.runOnce(sagaId, input);
      if (record.status === 'compensated') throw this.compensatedError(record, input);
    } finally {
      this.forget(sagaId);
    }
  }

  /** Resumes up to `limit` unfinished start sagas idle for `idleForMs` (`0`: all of them). */
  async resume(limit: number, idleForMs: number): Promise<SagaResumeReport> {
    const updatedBefore = new Date(this.clock.now().getTime() - idleForMs);
    const report = await this.sagas.resumeAll(
      [this.definition],
      limit,
      idleForMs > 0 ? { updatedBefore } : {},
    );
    for (const record of [...report.finished, ...report.failed]) this.forget(record.id);
    return report;
  }

  /** Runs the start saga; a concurrent first start of the same saga joins it. */
  private async runOnce(sagaId: string, input: OnboardingStartInput): Promise<SagaRecord> {
    try {
      return await this.sagas.start(this.definition, sagaId, input);
    } catch (error) {
      if (!(error instanceof ConflictError && error.code === 'SAGA_ALREADY_EXISTS')) throw error;
      return this.sagas.start(this.definition, sagaId, input);
    }
  }

  /** The error `run` throws for an undone start: the step's own error when it ran here. */
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
      const saga = await this.store.get(sagaId);
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
  private async startWorkflow({ sagaId, input }: StartContext): Promise<void> {
    const { executionId } = await this.workflows.start(workflowRequest(input));
    this.startedExecutions.set(sagaId, executionId);
  }

  /** Compensation of `start-workflow`: stop the execution unless it already ended. */
  private async stopWorkflow(context: StartContext): Promise<void> {
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
  private async recordOnboarding(context: StartContext): Promise<void> {
    const { candidateId, companyId, executionName } = context.input;
    const executionId = await this.executionOf(context);
    await this.unitOfWork.run(async ({ candidates, onboardings, outbox }) => {
      const existing = await onboardings.get(candidateId);
      // Recorded already: by a concurrent start, or by this step before a crash (and since
      // then perhaps completed or failed by the workflow's callback).
      if (existing && (existing.status !== 'failed' || existing.executionName === executionName)) {
        return;
      }
      await requireHiredCandidate(candidates, candidateId);
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
        onboardingEvent(this.clock.newId(), 'onboarding.started', onboarding, {
          executionName,
          executionId,
        }),
      ]);
    });
  }

  /** Compensation of `record-onboarding`: the onboarding of this execution fails with the reason. */
  private async markStartUndone(context: StartContext): Promise<void> {
    await this.unitOfWork.run(async (repositories) => {
      const onboarding = await repositories.onboardings.get(context.input.candidateId);
      if (onboarding?.status !== 'started') return;
      if (onboarding.executionName !== context.input.executionName) return;
      await recordOnboardingFailure(repositories, onboarding, undoneReason(context), this.clock);
    });
  }

  /**
   * The execution the first step started: remembered in this process, or after a restart
   * found again by an idempotent start under the same name (which starts nothing new).
   */
  private async executionOf({ sagaId, input }: StartContext): Promise<string> {
    const remembered = this.startedExecutions.get(sagaId);
    if (remembered !== undefined) return remembered;
    const { executionId } = await this.workflows.start(workflowRequest(input));
    this.startedExecutions.set(sagaId, executionId);
    return executionId;
  }

  /** Runs a step, keeping its error so that `run` can throw it after the compensation. */
  private async remembering({ sagaId }: StartContext, step: () => Promise<void>): Promise<void> {
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
function undoneReason({ error }: StartContext): string {
  return `onboarding start undone: ${error ?? 'saga compensated'}`.slice(0, 2000);
}
