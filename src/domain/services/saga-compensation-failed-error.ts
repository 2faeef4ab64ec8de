import { BaltraError, type BaltraErrorOptions } from '../errors.js';
import type { SagaRecord } from '../ports/saga-store.js';

/**
 * A saga failed and at least one of its compensations threw: the saga is `failed` and
 * needs a human. `record` is the persisted state, with `failedCompensations` listing each
 * step that could not be undone.
 *
 * @example
 * ```ts
 * try { await sagas.start(onboardingSaga, id, input); }
 * catch (error) {
 *   if (error instanceof SagaCompensationFailedError) alert(error.record.failedCompensations);
 *   throw error;
 * }
 * ```
 */
export class SagaCompensationFailedError extends BaltraError {
  readonly code = 'SAGA_COMPENSATION_FAILED';
  readonly record: SagaRecord;

  constructor(record: SagaRecord, options: BaltraErrorOptions = {}) {
    const steps = record.failedCompensations.map((failure) => failure.step);
    super(`Saga ${record.type} ${record.id} could not compensate: ${steps.join(', ')}`, {
      ...options,
      context: { sagaId: record.id, sagaType: record.type, steps, ...options.context },
    });
    this.record = record;
  }
}
