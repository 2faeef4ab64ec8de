/** hired → started → completed (candidate onboarded), or failed (candidate stays hired). */
export const ONBOARDING_STATUSES = ['started', 'completed', 'failed'] as const;
export type OnboardingStatus = (typeof ONBOARDING_STATUSES)[number];

/** The onboarding workflow of one hired candidate. */
export interface Onboarding {
  readonly candidateId: string;
  readonly companyId: string;
  readonly status: OnboardingStatus;
  /** Idempotent workflow execution name: starting twice yields one execution. */
  readonly executionName: string;
  /** The workflow engine's id for the execution (a Step Functions ARN). */
  readonly executionId: string;
  readonly failureReason?: string;
  readonly startedAt: Date;
  readonly finishedAt?: Date;
}
