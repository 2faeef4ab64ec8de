/** Types of the events the domain records (`{aggregate}.{what happened}`). */
export const DOMAIN_EVENT_TYPES = [
  'candidate.applied',
  'candidate.stage_changed',
  'lead.quarantined',
  'onboarding.started',
  'onboarding.completed',
  'onboarding.failed',
] as const;

export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

/**
 * Something that happened, recorded by a use case and written to the outbox in the same
 * transaction as the change itself; a relay publishes it after commit. Payloads carry ids and
 * facts, never PII (no names, phones or emails).
 */
export interface DomainEvent {
  readonly id: string;
  readonly type: DomainEventType;
  readonly aggregateType: 'candidate' | 'lead' | 'onboarding';
  readonly aggregateId: string;
  readonly companyId: string;
  readonly occurredAt: Date;
  readonly payload: Readonly<Record<string, string | number | boolean | null>>;
}

/** An event as stored in the outbox, with its position and publication state. */
export interface OutboxEntry extends DomainEvent {
  /** Increases with every append; the relay publishes in this order. */
  readonly sequence: number;
  readonly publishedAt: Date | null;
  /**
   * The W3C `traceparent` of the span the event was appended in (absent outside any trace):
   * the relay's send continues that trace.
   */
  readonly traceparent?: string;
  /** The W3C `tracestate` that goes with `traceparent`, when there was one. */
  readonly tracestate?: string;
}
