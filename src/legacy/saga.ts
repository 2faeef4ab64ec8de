import { randomUUID } from 'node:crypto';
import type { SagaStore } from '../domain/ports/saga-store.js';
import { ProcessLocalSagaStore } from '../domain/services/process-local-saga-store.js';
import {
  defineSaga,
  SagaOrchestrator,
  type SagaStep,
} from '../domain/services/saga-orchestrator.js';
import { warnDeprecated } from './warn-deprecated.js';

/** Options of the legacy {@link Saga}. */
export interface LegacySagaOptions {
  /** Where progress is saved; default a `ProcessLocalSagaStore` (dies with the process, as before). */
  readonly store?: SagaStore;
}

/**
 * @deprecated Use `defineSaga()` and `SagaOrchestrator` from `@baltra/sdk` with a durable
 * `SagaStore` (`KyselySagaStore`), so a crash between steps can be resumed. carpeta_common's
 * `Saga`: steps run in order; when one throws, the completed ones are compensated in reverse
 * and `execute()` resolves `false`. Unlike carpeta's, a compensation that throws is not
 * swallowed: `execute()` rejects with `SagaCompensationFailedError`.
 *
 * @example
 * ```ts
 * const saga = new Saga('transfer_citizen'); // warns once: BALTRA_DEP015
 * saga.addStep(() => generateSasUrls(), () => revokeSasUrls(), 'generate_sas');
 * saga.addStep(() => transferData(), () => deleteTransferredData(), 'transfer_data');
 * const success = await saga.execute();
 * ```
 */
export class Saga {
  private readonly steps: SagaStep<null>[] = [];
  private readonly store: SagaStore;

  constructor(
    readonly name: string,
    options: LegacySagaOptions = {},
  ) {
    warnDeprecated('BALTRA_DEP015', 'Saga', 'defineSaga() and SagaOrchestrator');
    this.store = options.store ?? new ProcessLocalSagaStore();
  }

  /** Adds a step and its compensation (carpeta's argument order). */
  addStep(action: () => unknown, compensation: () => unknown, name: string): this {
    this.steps.push({
      name,
      run: async () => {
        await action();
      },
      compensate: async () => {
        await compensation();
      },
    });
    return this;
  }

  /** Runs the saga once; `true` when every step completed, `false` when it was compensated. */
  async execute(): Promise<boolean> {
    const definition = defineSaga<null>(this.name, this.steps);
    const record = await new SagaOrchestrator(this.store).start(
      definition,
      `${this.name}:${randomUUID()}`,
      null,
    );
    return record.status === 'completed';
  }
}
