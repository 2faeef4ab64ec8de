import type { ResilienceListener } from '../resilience/resilience-event.js';
import { METRICS } from './metric-catalogue.js';
import { recordMetric } from './record-metric.js';
import type { Telemetry } from './telemetry.js';

const STATE_VALUES = { closed: 0, open: 1, 'half-open': 2, isolated: 3 } as const;

/**
 * A resilience listener that turns policy events into catalogue metrics: circuit changes
 * into the `circuit_breaker_state` gauge, retries into `external_call_retries_total`.
 *
 * @example
 * ```ts
 * const breaker = circuitBreakerPolicy({ name: 'crm' });
 * breaker.onEvent(recordResilienceEvents(getTelemetry()));
 * ```
 */
export function recordResilienceEvents(telemetry: Telemetry): ResilienceListener {
  return (event) => {
    switch (event.type) {
      case 'circuit-state':
        recordMetric(telemetry, METRICS.circuitBreakerState, STATE_VALUES[event.state], {
          breaker: event.policy,
        });
        return;
      case 'retry':
        recordMetric(telemetry, METRICS.externalCallRetriesTotal, 1, {
          policy: event.policy,
          error: event.error,
        });
        return;
      default:
        return;
    }
  };
}
