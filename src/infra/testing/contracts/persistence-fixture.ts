import assert from 'node:assert/strict';
import type { Candidate } from '../../../domain/models/candidate.js';
import type { Company } from '../../../domain/models/company.js';
import type { Repositories, UnitOfWork } from '../../../domain/ports/unit-of-work.js';
import { aCandidate, aCompany, aTransition } from '../factories.js';
import type { PersistenceHarness, PersistenceSetup } from './persistence-harness.js';

/**
 * The adapter under test and the data helpers the contract cases share. Every helper creates
 * fresh companies and ids, so cases never depend on each other's data and can share a database.
 *
 * @example
 * ```ts
 * const fixture = new PersistenceFixture(setup);
 * beforeAll(() => fixture.open());
 * const company = await fixture.givenCompany();
 * ```
 */
export class PersistenceFixture {
  private harness: PersistenceHarness | undefined;

  constructor(private readonly setup: PersistenceSetup) {}

  async open(): Promise<void> {
    this.harness = await this.setup();
  }

  async close(): Promise<void> {
    await this.harness?.close?.();
  }

  get unitOfWork(): UnitOfWork {
    assert.ok(this.harness, 'the persistence harness was not set up');
    return this.harness.unitOfWork;
  }

  /** Runs `work` in one unit of work of the adapter under test. */
  run<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
    return this.unitOfWork.run(work);
  }

  async givenCompany(overrides: Partial<Company> = {}): Promise<Company> {
    const company = aCompany(overrides);
    await this.run(({ companies }) => companies.add(company));
    return company;
  }

  async givenCandidates(list: readonly Candidate[]): Promise<void> {
    await this.run(async ({ candidates }) => {
      for (const candidate of list) await candidates.add(candidate);
    });
  }

  async givenCandidate(overrides: Partial<Candidate> & { companyId: string }): Promise<Candidate> {
    const candidate = aCandidate(overrides);
    await this.givenCandidates([candidate]);
    return candidate;
  }

  /** A candidate created at `createdAt` and moved `offered → hired` at `hiredAt`. */
  async givenHire(companyId: string, createdAt: Date, hiredAt: Date): Promise<Candidate> {
    const candidate = aCandidate({ companyId, stage: 'hired', createdAt, updatedAt: hiredAt });
    await this.run(async ({ candidates, transitions }) => {
      await candidates.add(candidate);
      await transitions.add([
        aTransition({
          candidateId: candidate.id,
          companyId,
          from: 'offered',
          to: 'hired',
          at: hiredAt,
        }),
      ]);
    });
    return candidate;
  }
}
