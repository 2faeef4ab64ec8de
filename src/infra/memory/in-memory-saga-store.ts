import { ProcessLocalSagaStore } from '../../domain/services/process-local-saga-store.js';

/**
 * A `SagaStore` over a Map, for tests and single-process use. Records are copied in and out,
 * so a caller mutating what it got back never changes the stored state.
 *
 * @example
 * ```ts
 * const sagas = new SagaOrchestrator(new InMemorySagaStore());
 * ```
 */
export class InMemorySagaStore extends ProcessLocalSagaStore {}
