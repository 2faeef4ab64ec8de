import { getTelemetry } from './global-telemetry.js';
import { METRICS } from './metric-catalogue.js';
import { noopTelemetry } from './noop-telemetry.js';
import { recordMetric } from './record-metric.js';
import type { Telemetry } from './telemetry.js';

/** The saga-step outcomes the orchestrator reports (the domain's `SagaStepOutcome`). */
type StepOutcome = 'completed' | 'failed' | 'compensated' | 'compensation_failed' | 'interrupted';

/**
 * What a saga orchestrator tells it (the shape of the domain's `SagaObserver`, declared here
 * because `shared` does not import the domain).
 */
export interface SagaTelemetryObserver {
  stepStarted(step: {
    readonly saga: string;
    readonly step: string;
    readonly phase: 'run' | 'compensate';
  }): (outcome: StepOutcome) => void;
  sagaEnded(run: {
    readonly saga: string;
    readonly outcome: 'completed' | 'compensated' | 'failed';
  }): void;
}

const ignore = (): void => {};

/**
 * A saga observer that records `saga_step_duration_seconds` (by saga, step and outcome:
 * `completed`, `failed`, `compensated`, `compensation_failed`, `interrupted`) and
 * `saga_executions_total` (by saga and outcome: `completed`, `compensated`, `failed`) on
 * `telemetry` — by default the process-wide one, looked up at each event, so it costs nothing
 * while that is the no-op telemetry. `bootstrap()` passes it to the onboarding sagas; pass it
 * as `observer` to a `SagaOrchestrator` of your own.
 *
 * @example
 * ```ts
 * const sagas = new SagaOrchestrator(new KyselySagaStore(db), {}, { observer: sagaTelemetryObserver() });
 * ```
 */
export function sagaTelemetryObserver(telemetry?: Telemetry): SagaTelemetryObserver {
  const current = () => telemetry ?? getTelemetry();
  return {
    stepStarted({ saga, step }) {
      if (current() === noopTelemetry) return ignore;
      const started = performance.now();
      return (outcome) => {
        recordMetric(
          current(),
          METRICS.sagaStepDurationSeconds,
          (performance.now() - started) / 1000,
          { saga, step, outcome },
        );
      };
    },
    sagaEnded({ saga, outcome }) {
      const target = current();
      if (target !== noopTelemetry) {
        recordMetric(target, METRICS.sagaExecutionsTotal, 1, { saga, outcome });
      }
    },
  };
}
