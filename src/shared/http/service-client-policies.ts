import type { CircuitBreaker } from '../resilience/circuit-breaker-policy.js';
import { resilience } from '../resilience/resilience.js';
import type { ResiliencePolicy } from '../resilience/resilience-policy.js';
import { retryPolicy } from '../resilience/retry-policy.js';
import { timeoutPolicy } from '../resilience/timeout-policy.js';
import { recordResilienceEvents } from '../telemetry/record-resilience-events.js';
import type { Telemetry } from '../telemetry/telemetry.js';
import { HostCircuitBreakers } from './host-circuit-breakers.js';
import type { ServiceClientOptions } from './service-client-options.js';

/** The two policy stacks of a service client: idempotent requests retry, others never. */
export interface ServiceClientPolicies {
  /** Retry (backoff with jitter) around breaker and timeout. */
  readonly withRetry: ResiliencePolicy;
  /** Breaker and timeout only. */
  readonly withoutRetry: ResiliencePolicy;
}

/**
 * The resilience of a service client's calls: a timeout per attempt, the circuit breaker of
 * the host (shared through `breakers`, or one of its own unless `breaker: false`), and for
 * idempotent requests retries (unless `retry: false`). Retry and breaker events go to the
 * telemetry current at the time of the event.
 *
 * @example
 * ```ts
 * const { withRetry } = serviceClientPolicies(options, 'crm', 'crm:8080', getTelemetry);
 * await withRetry.execute(({ signal }) => fetch(url, { signal }));
 * ```
 */
export function serviceClientPolicies(
  options: Pick<ServiceClientOptions, 'retry' | 'breaker' | 'breakers' | 'timeoutMs'>,
  target: string,
  host: string,
  telemetry: () => Telemetry,
): ServiceClientPolicies {
  const inner: ResiliencePolicy[] = [];
  const breaker = hostBreaker(options, host, telemetry);
  if (breaker !== undefined) inner.push(breaker);
  inner.push(timeoutPolicy({ name: target, timeoutMs: options.timeoutMs ?? 5000 }));
  const withoutRetry = resilience(...inner);
  if (options.retry === false) return { withRetry: withoutRetry, withoutRetry };
  const retry = retryPolicy({
    name: target,
    maxRetries: options.retry?.maxRetries ?? 2,
    initialDelayMs: options.retry?.initialDelayMs ?? 100,
    maxDelayMs: options.retry?.maxDelayMs ?? 5000,
  });
  retry.onEvent((event) => recordResilienceEvents(telemetry())(event));
  return { withRetry: resilience(retry, ...inner), withoutRetry };
}

function hostBreaker(
  { breakers, breaker }: Pick<ServiceClientOptions, 'breaker' | 'breakers'>,
  host: string,
  telemetry: () => Telemetry,
): CircuitBreaker | undefined {
  if (breakers !== undefined) return breakers.forHost(host);
  if (breaker === false) return undefined;
  return new HostCircuitBreakers({
    ...(breaker?.consecutiveFailures === undefined
      ? {}
      : { consecutiveFailures: breaker.consecutiveFailures }),
    halfOpenAfterMs: breaker?.halfOpenAfterMs ?? 30_000,
    listener: (event) => recordResilienceEvents(telemetry())(event),
  }).forHost(host);
}
