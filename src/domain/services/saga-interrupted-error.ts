import { BaltraError, type BaltraErrorOptions } from '../errors.js';

/**
 * Stops a saga where it stands, without compensating: its persisted record stays `running`
 * or `compensating`, and `SagaOrchestrator.resume` picks it up later. It exists for graceful
 * shutdown (a step that sees its process stopping throws it) and for tests that simulate a
 * crash between two steps (an `onStepCompleted` hook that throws it). Every other error a
 * step throws makes the saga compensate.
 *
 * @example
 * ```ts
 * const crashAfter = (step: string) => (event: SagaStepEvent) => {
 *   if (event.step === step) throw new SagaInterruptedError(event.sagaId);
 * };
 * ```
 */
export class SagaInterruptedError extends BaltraError {
  readonly code = 'SAGA_INTERRUPTED';

  constructor(sagaId: string, options: BaltraErrorOptions = {}) {
    super(`Saga ${sagaId} was interrupted`, {
      ...options,
      context: { sagaId, ...options.context },
    });
  }
}
