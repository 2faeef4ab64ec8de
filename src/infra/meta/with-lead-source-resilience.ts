import type { LeadSource } from '../../domain/ports/lead-source.js';
import {
  createMetaResilience,
  type MetaResilience,
  type MetaResilienceOptions,
} from './meta-resilience.js';

/**
 * Wraps a `LeadSource` (usually a `MetaLeadSource`) so each `fetchLeads` is retried on
 * transient failures — waiting at least as long as Meta's rate limit asks — and protected by
 * a circuit breaker that fails fast (`CIRCUIT_OPEN`) while Meta is down. Same port, so the
 * ingestion service does not know. Options: see `createMetaResilience`.
 *
 * @example
 * ```ts
 * const breaker = circuitBreakerPolicy({ name: 'meta-graph', consecutiveFailures: 5 });
 * const leads = withLeadSourceResilience(new MetaLeadSource({ accessToken }), { breaker, onEvent: log });
 * const ingestion = new LeadIngestionService(uow, leads);
 * ```
 */
export function withLeadSourceResilience(
  source: LeadSource,
  options: MetaResilienceOptions | MetaResilience = {},
): LeadSource {
  const resilience = 'run' in options ? options : createMetaResilience(options);
  return { fetchLeads: (request) => resilience.run(() => source.fetchLeads(request)) };
}
