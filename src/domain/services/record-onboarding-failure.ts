import type { Onboarding } from '../models/onboarding.js';
import type { Repositories } from '../ports/unit-of-work.js';
import type { DomainClock } from './domain-clock.js';
import { onboardingEvent } from './onboarding-event.js';

/**
 * Saves the onboarding as failed with the reason and appends its `onboarding.failed` event,
 * inside the caller's unit of work; the candidate stays `hired`.
 *
 * @example
 * ```ts
 * await uow.run((repositories) => recordOnboardingFailure(repositories, onboarding, 'documents rejected', clock));
 * ```
 */
export async function recordOnboardingFailure(
  { onboardings, outbox }: Pick<Repositories, 'onboardings' | 'outbox'>,
  onboarding: Onboarding,
  reason: string,
  clock: Required<DomainClock>,
): Promise<Onboarding> {
  const failed: Onboarding = {
    ...onboarding,
    status: 'failed',
    failureReason: reason,
    finishedAt: clock.now(),
  };
  await onboardings.save(failed);
  await outbox.append([
    onboardingEvent(clock.newId(), 'onboarding.failed', failed, {
      executionName: failed.executionName,
      reason,
    }),
  ]);
  return failed;
}
