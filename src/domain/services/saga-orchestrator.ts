import { DomainError, NotFoundError } from '../errors.js';
import type { SagaJson, SagaRecord, SagaStore } from '../ports/saga-store.js';
import { type DomainClock, resolveClock } from './domain-clock.js';
import { SagaCompensationFailedError } from './saga-compensation-failed-error.js';
import { SagaInterruptedError } from './saga-interrupted-error.js';
import type { SagaObserver, SagaRunOutcome, SagaStepOutcome } from './saga-observer.js';

/** What a step and its compensation receive. */
export interface SagaStepContext<I extends SagaJson> {
  readonly sagaId: string;
  readonly input: I;
  /** In a compensation: why the saga is compensating (the failed step's error message). */
  readonly error?: string;
}

/**
 * One external effect and its undo. Both must be idempotent: after a crash a step (or
 * compensation) that ran but was not yet recorded runs again on resume. Use the saga id as
 * the idempotency key of the remote call (an execution name, a request id).
 */
export interface SagaStep<I extends SagaJson> {
  readonly name: string;
  run(context: SagaStepContext<I>): Promise<void>;
  compensate(context: SagaStepContext<I>): Promise<void>;
}

/** A saga type and its steps, in the order they run. Build it with {@link defineSaga}. */
export interface SagaDefinition<I extends SagaJson = SagaJson> {
  readonly type: string;
  readonly steps: readonly SagaStep<I>[];
}

/**
 * Defines a saga: a type (stored with each saga, to find the definition again on resume) and
 * its steps. Step names must be unique and non-empty; they are what the store records.
 *
 * @example
 * ```ts
 * const onboardingSaga = defineSaga<{ candidateId: string }>('onboarding', [
 *   { name: 'send-welcome', run: ({ input }) => messages.welcome(input.candidateId),
 *     compensate: ({ input }) => messages.apologise(input.candidateId) },
 *   { name: 'start-workflow', run: ({ sagaId, input }) => workflows.start(sagaId, input),
 *     compensate: ({ sagaId }) => workflows.stop(sagaId) },
 * ]);
 * ```
 */
export function defineSaga<I extends SagaJson>(
  type: string,
  steps: readonly SagaStep<I>[],
): SagaDefinition<I> {
  if (type.length === 0) throw new DomainError('A saga needs a type', { code: 'SAGA_INVALID' });
  const names = new Set<string>();
  for (const step of steps) {
    if (step.name.length === 0 || names.has(step.name)) {
      throw new DomainError(`Saga ${type} has an empty or duplicate step name "${step.name}"`, {
        code: 'SAGA_INVALID',
        context: { sagaType: type, step: step.name },
      });
    }
    names.add(step.name);
  }
  return Object.freeze({ type, steps: Object.freeze([...steps]) });
}

/** A step or compensation that has just been recorded as done. */
export interface SagaStepEvent {
  readonly sagaId: string;
  readonly step: string;
  readonly phase: 'run' | 'compensate';
  readonly record: SagaRecord;
}

export interface SagaOrchestratorOptions {
  /**
   * Called after each step or compensation has been persisted, before the next one starts.
   * For tests and telemetry; an error it throws propagates and leaves the saga as persisted
   * (a `SagaInterruptedError` here simulates a crash between two steps).
   */
  readonly onStepCompleted?: (event: SagaStepEvent) => void | Promise<void>;
  /** Measures steps and finished runs (metrics); `sagaTelemetryObserver()` records them. */
  readonly observer?: SagaObserver;
}

/** The outcome of {@link SagaOrchestrator.resumeAll}. */
export interface SagaResumeReport {
  /** Sagas now `completed` or `compensated`. */
  readonly finished: SagaRecord[];
  /** Sagas now `failed`: a compensation threw (see `failedCompensations`). */
  readonly failed: SagaRecord[];
  /**
   * Unfinished sagas left untouched: of a type missing from the registry, or updated at or
   * after `updatedBefore` (probably still driven by a live process).
   */
  readonly skipped: SagaRecord[];
}

/** Options of {@link SagaOrchestrator.resumeAll}. */
export interface SagaResumeOptions {
  /**
   * Resume only sagas whose last update is older than this: at start-up, a saga another
   * process is driving right now was updated moments ago and is better left to it.
   */
  readonly updatedBefore?: Date;
}

/**
 * Runs sagas step by step, persisting progress in a {@link SagaStore} after every step so a
 * crash never leaves work half done: `resume` (or `resumeAll` at start-up) continues a
 * `running` saga at its first step not yet completed, or finishes a `compensating` one.
 *
 * When a step throws, the completed steps are compensated in reverse order, each recorded
 * as it is done; the saga ends `compensated` and `start` returns its record (with `error`).
 * A compensation that throws is recorded in `failedCompensations`, the others still run, and
 * the saga ends `failed` with a `SagaCompensationFailedError` (code `SAGA_COMPENSATION_FAILED`)
 * thrown, never swallowed. A `SagaInterruptedError` stops the saga without compensating.
 *
 * Callers serialise work on one saga id (for example `locks.withLock(\`saga:${id}\`, …)`);
 * two processes driving the same saga at once would both run its steps.
 *
 * @example
 * ```ts
 * const sagas = new SagaOrchestrator(new KyselySagaStore(db));
 * await sagas.resumeAll([onboardingSaga]); // at start-up
 * const record = await sagas.start(onboardingSaga, `onboarding:${candidateId}`, { candidateId });
 * if (record.status === 'compensated') return failed(record.error);
 * ```
 */
export class SagaOrchestrator {
  private readonly clock: Required<DomainClock>;

  constructor(
    private readonly store: SagaStore,
    clock: DomainClock = {},
    private readonly options: SagaOrchestratorOptions = {},
  ) {
    this.clock = resolveClock(clock);
  }

  /**
   * Starts saga `id`, idempotently: a `completed` or `compensated` saga returns its record, a
   * `failed` one throws its `SagaCompensationFailedError` again, an unfinished one is resumed.
   */
  async start<I extends SagaJson>(
    saga: SagaDefinition<I>,
    id: string,
    input: I,
  ): Promise<SagaRecord> {
    const existing = await this.store.get(id);
    if (existing) return this.drive(saga, existing);
    const record: SagaRecord = {
      id,
      type: saga.type,
      status: 'running',
      input,
      completedSteps: [],
      compensatedSteps: [],
      failedCompensations: [],
      updatedAt: this.clock.now(),
    };
    await this.store.create(record);
    return this.drive(saga, record);
  }

  /** Continues saga `id` from its persisted state; `NotFoundError` when there is none. */
  async resume<I extends SagaJson>(saga: SagaDefinition<I>, id: string): Promise<SagaRecord> {
    const record = await this.store.get(id);
    if (!record) throw new NotFoundError('Saga', id);
    return this.drive(saga, record);
  }

  /**
   * Resumes up to `limit` unfinished sagas whose type is in `registry` (and, with
   * `updatedBefore`, that have been idle since), one after the other. A failed compensation
   * does not stop the others; a `SagaInterruptedError` does.
   */
  async resumeAll(
    registry: readonly SagaDefinition[],
    limit = 100,
    options: SagaResumeOptions = {},
  ): Promise<SagaResumeReport> {
    const byType = new Map(registry.map((saga) => [saga.type, saga]));
    const report: SagaResumeReport = { finished: [], failed: [], skipped: [] };
    const before = options.updatedBefore?.getTime() ?? Number.POSITIVE_INFINITY;
    for (const record of await this.store.listUnfinished(limit)) {
      const saga = byType.get(record.type);
      if (!saga || record.updatedAt.getTime() >= before) {
        report.skipped.push(record);
        continue;
      }
      try {
        report.finished.push(await this.drive(saga, record));
      } catch (error) {
        if (!(error instanceof SagaCompensationFailedError)) throw error;
        report.failed.push(error.record);
      }
    }
    return report;
  }

  private async drive<I extends SagaJson>(
    saga: SagaDefinition<I>,
    record: SagaRecord,
  ): Promise<SagaRecord> {
    if (record.type !== saga.type) {
      throw new DomainError(`Saga ${record.id} is a ${record.type}, not a ${saga.type}`, {
        code: 'SAGA_TYPE_MISMATCH',
        context: { sagaId: record.id, expected: saga.type, actual: record.type },
      });
    }
    switch (record.status) {
      case 'completed':
      case 'compensated':
        return record;
      case 'failed':
        throw new SagaCompensationFailedError(record);
      case 'running':
        return this.runForward(saga, record);
      case 'compensating':
        return this.compensate(saga, record);
    }
  }

  private async runForward<I extends SagaJson>(
    saga: SagaDefinition<I>,
    record: SagaRecord,
  ): Promise<SagaRecord> {
    let current = record;
    const context = contextOf<I>(record);
    for (const step of saga.steps) {
      if (current.completedSteps.includes(step.name)) continue;
      const ended = this.stepStarted(saga.type, step.name, 'run');
      try {
        await step.run(context);
        ended('completed');
      } catch (error) {
        const interrupted = error instanceof SagaInterruptedError;
        ended(interrupted ? 'interrupted' : 'failed');
        if (interrupted) throw error;
        current = await this.persist({
          ...current,
          status: 'compensating',
          error: describeError(error),
        });
        return this.compensate(saga, current);
      }
      current = await this.persist({
        ...current,
        completedSteps: [...current.completedSteps, step.name],
      });
      await this.options.onStepCompleted?.({
        sagaId: current.id,
        step: step.name,
        phase: 'run',
        record: current,
      });
    }
    return this.ended(saga.type, await this.persist({ ...current, status: 'completed' }));
  }

  private async compensate<I extends SagaJson>(
    saga: SagaDefinition<I>,
    record: SagaRecord,
  ): Promise<SagaRecord> {
    let current = record;
    const context = contextOf<I>(record, record.error);
    const pending = saga.steps
      .filter(
        (step) =>
          current.completedSteps.includes(step.name) &&
          !current.compensatedSteps.includes(step.name) &&
          !current.failedCompensations.some((failure) => failure.step === step.name),
      )
      .reverse();
    for (const step of pending) {
      const ended = this.stepStarted(saga.type, step.name, 'compensate');
      try {
        await step.compensate(context);
        ended('compensated');
        current = await this.persist({
          ...current,
          compensatedSteps: [...current.compensatedSteps, step.name],
        });
      } catch (error) {
        const interrupted = error instanceof SagaInterruptedError;
        ended(interrupted ? 'interrupted' : 'compensation_failed');
        if (interrupted) throw error;
        current = await this.persist({
          ...current,
          failedCompensations: [
            ...current.failedCompensations,
            { step: step.name, error: describeError(error) },
          ],
        });
      }
      await this.options.onStepCompleted?.({
        sagaId: current.id,
        step: step.name,
        phase: 'compensate',
        record: current,
      });
    }
    if (current.failedCompensations.length > 0) {
      const failed = this.ended(saga.type, await this.persist({ ...current, status: 'failed' }));
      throw new SagaCompensationFailedError(failed);
    }
    return this.ended(saga.type, await this.persist({ ...current, status: 'compensated' }));
  }

  /** Tells the observer a step starts; the function returned tells it how it ended. */
  private stepStarted(
    saga: string,
    step: string,
    phase: 'run' | 'compensate',
  ): (outcome: SagaStepOutcome) => void {
    return this.options.observer?.stepStarted({ saga, step, phase }) ?? ignoreOutcome;
  }

  /** Tells the observer a run ended (its record's final status); returns the record. */
  private ended(saga: string, record: SagaRecord): SagaRecord {
    this.options.observer?.sagaEnded({ saga, outcome: record.status as SagaRunOutcome });
    return record;
  }

  private async persist(record: SagaRecord): Promise<SagaRecord> {
    const next: SagaRecord = { ...record, updatedAt: this.clock.now() };
    await this.store.save(next);
    return next;
  }
}

function ignoreOutcome(): void {}

function contextOf<I extends SagaJson>(record: SagaRecord, error?: string): SagaStepContext<I> {
  // The input was an `I` when the saga started; the store keeps it as JSON.
  const context = { sagaId: record.id, input: record.input as I };
  return error === undefined ? context : { ...context, error };
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
