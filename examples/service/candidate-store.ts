import { randomUUID } from 'node:crypto';

/** What the example service keeps about a candidate. */
export interface CandidateRecord {
  readonly id: string;
  readonly name: string;
  readonly phone: string;
  readonly stage: 'applied';
}

/** The example's storage port (a real service would use the SDK's repositories). */
export interface CandidateStore {
  find(id: string): Promise<CandidateRecord | undefined>;
  create(input: { name: string; phone: string }): Promise<CandidateRecord>;
}

/** A Map-backed {@link CandidateStore}. */
export class InMemoryCandidateStore implements CandidateStore {
  readonly #candidates = new Map<string, CandidateRecord>();

  async find(id: string): Promise<CandidateRecord | undefined> {
    return this.#candidates.get(id);
  }

  async create(input: { name: string; phone: string }): Promise<CandidateRecord> {
    const candidate: CandidateRecord = { id: randomUUID(), stage: 'applied', ...input };
    this.#candidates.set(candidate.id, candidate);
    return candidate;
  }
}
