/** Every status a saga goes through; `running` and `compensating` are unfinished. */
export const SAGA_STATUSES = [
  'running',
  'compensating',
  'completed',
  'compensated',
  'failed',
] as const;

/** Where a saga stands. */
export type SagaStatus = (typeof SAGA_STATUSES)[number];

/** The statuses a saga can still leave: the ones `resume` picks up after a crash. */
export const UNFINISHED_SAGA_STATUSES: readonly SagaStatus[] = ['running', 'compensating'];

/** A JSON value, as stored in the saga's `input`. */
export type SagaJson =
  | string
  | number
  | boolean
  | null
  | readonly SagaJson[]
  | { readonly [key: string]: SagaJson };

/** A compensation that threw: the step and the error's message. */
export interface FailedCompensation {
  readonly step: string;
  readonly error: string;
}

/** The persisted progress of one saga, written after every step and compensation. */
export interface SagaRecord {
  readonly id: string;
  /** The saga definition's type, to find it again on resume. */
  readonly type: string;
  readonly status: SagaStatus;
  readonly input: SagaJson;
  /** Names of the steps that ran to completion, in the order they ran. */
  readonly completedSteps: readonly string[];
  /** Names of the steps whose compensation ran to completion, in the order they ran. */
  readonly compensatedSteps: readonly string[];
  readonly failedCompensations: readonly FailedCompensation[];
  /** Why the saga started compensating: the failed step's error message. */
  readonly error?: string;
  readonly updatedAt: Date;
}

/**
 * Durable saga progress. Deliberately not one of the unit of work's `Repositories`: each
 * write commits on its own, so a saga's progress survives whatever business transaction its
 * steps run. `create` fails with `ConflictError` code `SAGA_ALREADY_EXISTS` when the id is
 * taken; `save` replaces an existing record and fails with `NotFoundError` for an unknown id.
 * `listUnfinished` returns `running` and `compensating` sagas, least recently updated first.
 *
 * @example
 * ```ts
 * const stuck = await store.listUnfinished(100);
 * for (const saga of stuck) logger.warn('unfinished saga', { id: saga.id, status: saga.status });
 * ```
 */
export interface SagaStore {
  create(record: SagaRecord): Promise<void>;
  get(id: string): Promise<SagaRecord | null>;
  save(record: SagaRecord): Promise<void>;
  listUnfinished(limit: number): Promise<SagaRecord[]>;
}
