import { NotFoundError } from '../../domain/errors.js';
import type { Onboarding } from '../../domain/models/onboarding.js';
import type { OnboardingRepository } from '../../domain/ports/onboarding-repository.js';
import type { InMemoryState } from './in-memory-store.js';

/**
 * An `OnboardingRepository` over a Map keyed by candidate id; `save` upserts and, like a
 * foreign key, needs the candidate (`NotFoundError` otherwise).
 *
 * @example
 * ```ts
 * const onboarding = await uow.run(({ onboardings }) => onboardings.get(candidateId));
 * ```
 */
export class InMemoryOnboardingRepository implements OnboardingRepository {
  constructor(private readonly state: InMemoryState) {}

  async get(candidateId: string): Promise<Onboarding | null> {
    const onboarding = this.state.onboardings.get(candidateId);
    return onboarding ? structuredClone(onboarding) : null;
  }

  async save(onboarding: Onboarding): Promise<void> {
    if (!this.state.candidates.has(onboarding.candidateId)) {
      throw new NotFoundError('Candidate', onboarding.candidateId);
    }
    this.state.onboardings.set(onboarding.candidateId, structuredClone(onboarding));
  }
}
