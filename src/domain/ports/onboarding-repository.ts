import type { Onboarding } from '../models/onboarding.js';

/**
 * Onboarding state per hired candidate.
 *
 * @example
 * ```ts
 * const state = await uow.run(({ onboardings }) => onboardings.get(candidateId));
 * ```
 */
export interface OnboardingRepository {
  get(candidateId: string): Promise<Onboarding | null>;
  /** Inserts or replaces the onboarding of `onboarding.candidateId`. */
  save(onboarding: Onboarding): Promise<void>;
}
