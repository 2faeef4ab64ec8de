import type { DomainEvent } from '../models/domain-event.js';
import type { Onboarding } from '../models/onboarding.js';

/** The event types an onboarding records in the outbox. */
export type OnboardingEventType =
  | 'onboarding.started'
  | 'onboarding.completed'
  | 'onboarding.failed';

/**
 * The outbox event of an onboarding's change: keyed by the candidate, at the time the
 * onboarding finished (or started), its payload naming the candidate.
 *
 * @example
 * ```ts
 * await outbox.append([onboardingEvent(clock.newId(), 'onboarding.completed', completed, { executionName })]);
 * ```
 */
export function onboardingEvent(
  id: string,
  type: OnboardingEventType,
  onboarding: Onboarding,
  payload: DomainEvent['payload'],
): DomainEvent {
  return {
    id,
    type,
    aggregateType: 'onboarding',
    aggregateId: onboarding.candidateId,
    companyId: onboarding.companyId,
    occurredAt: onboarding.finishedAt ?? onboarding.startedAt,
    payload: { candidateId: onboarding.candidateId, ...payload },
  };
}
