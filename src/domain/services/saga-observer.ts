/** A step (`run`) or a compensation (`compensate`) of a saga, as a {@link SagaObserver} sees it. */
export interface SagaStepStart {
  /** The saga's type. */
  readonly saga: string;
  readonly step: string;
  readonly phase: 'run' | 'compensate';
}

/**
 * How a step ended: `completed` (a run that succeeded), `failed` (a run that threw: the saga
 * compensates), `compensated`, `compensation_failed`, or `interrupted` (a
 * `SagaInterruptedError`: the saga stops where it stands).
 */
export type SagaStepOutcome =
  | 'completed'
  | 'failed'
  | 'compensated'
  | 'compensation_failed'
  | 'interrupted';

/** How a saga run ended: every step done, every done step undone, or a compensation failed. */
export type SagaRunOutcome = 'completed' | 'compensated' | 'failed';

/**
 * Watches a `SagaOrchestrator` for metrics: each step and compensation (the returned function
 * is called once when it ended, so the observer measures its duration) and each run that
 * ended. `sagaTelemetryObserver()` of `@baltra/sdk` records them as `saga_step_duration_seconds`
 * and `saga_executions_total`; the container passes it. An observer must not throw.
 *
 * @example
 * ```ts
 * const observer: SagaObserver = {
 *   stepStarted: ({ step }) => { const t = Date.now(); return (outcome) => log(step, outcome, Date.now() - t); },
 *   sagaEnded: ({ saga, outcome }) => log(saga, outcome),
 * };
 * ```
 */
export interface SagaObserver {
  stepStarted(step: SagaStepStart): (outcome: SagaStepOutcome) => void;
  sagaEnded(run: { readonly saga: string; readonly outcome: SagaRunOutcome }): void;
}
