import type { UnitOfWork } from '../../../domain/ports/unit-of-work.js';

/** What a persistence contract suite needs from an adapter under test. */
export interface PersistenceHarness {
  readonly unitOfWork: UnitOfWork;
  /** Releases connections, files or servers; called once after the suite. */
  close?(): Promise<void>;
}

/** Creates the harness once per suite (a database, a connection pool, a Map …). */
export type PersistenceSetup = () => Promise<PersistenceHarness>;
