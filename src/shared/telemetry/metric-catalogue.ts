/** Whether a metric is a counter, a histogram or a gauge. */
export type MetricKind = 'counter' | 'histogram' | 'gauge';

/** One entry of the metric catalogue. */
export interface MetricDefinition {
  readonly name: string;
  readonly kind: MetricKind;
  /** UCUM unit: `s` for durations, `1` for counts and states. */
  readonly unit: string;
  readonly description: string;
  /** The attribute keys the SDK records on it (keep additions low-cardinality). */
  readonly attributes: readonly string[];
}

function metric(
  name: string,
  kind: MetricKind,
  unit: string,
  description: string,
  attributes: readonly string[],
): MetricDefinition {
  return Object.freeze({ name, kind, unit, description, attributes: Object.freeze(attributes) });
}

/**
 * The metric catalogue shared by every service (the source systems' http_*, queue_*,
 * external_call_*, circuit-breaker and cache metrics), named Prometheus-style: snake_case,
 * counters end in `_total`, durations are histograms in seconds ending in `_seconds`.
 *
 * | name | kind | unit |
 * |---|---|---|
 * | http_server_requests_total | counter | 1 |
 * | http_server_request_duration_seconds | histogram | s |
 * | external_call_requests_total / _errors_total / _retries_total | counter | 1 |
 * | external_call_duration_seconds | histogram | s |
 * | queue_message_published_total / _consumed_total / _failed_total / _dead_lettered_total | counter | 1 |
 * | queue_message_processing_duration_seconds | histogram | s |
 * | circuit_breaker_state (0 closed, 1 open, 2 half-open, 3 isolated) | gauge | 1 |
 * | cache_hits_total / cache_misses_total | counter | 1 |
 * | operation_duration_seconds (from `traced`) | histogram | s |
 *
 * @example
 * ```ts
 * recordMetric(telemetry, METRICS.queueMessageConsumedTotal, 1, { queue: 'leads', outcome: 'success' });
 * ```
 */
export const METRICS = Object.freeze({
  httpServerRequestsTotal: metric(
    'http_server_requests_total',
    'counter',
    '1',
    'HTTP requests served, by method, route template and status code',
    ['method', 'route', 'status_code'],
  ),
  httpServerRequestDurationSeconds: metric(
    'http_server_request_duration_seconds',
    'histogram',
    's',
    'Time to serve an HTTP request',
    ['method', 'route', 'status_code'],
  ),
  externalCallRequestsTotal: metric(
    'external_call_requests_total',
    'counter',
    '1',
    'Calls to other services and APIs, by target, method and outcome',
    ['target', 'method', 'status_code', 'outcome'],
  ),
  externalCallErrorsTotal: metric(
    'external_call_errors_total',
    'counter',
    '1',
    'Failed calls to other services and APIs, by target and error code',
    ['target', 'method', 'error'],
  ),
  externalCallRetriesTotal: metric(
    'external_call_retries_total',
    'counter',
    '1',
    'Retries made by resilience policies, by policy and error code',
    ['policy', 'error'],
  ),
  externalCallDurationSeconds: metric(
    'external_call_duration_seconds',
    'histogram',
    's',
    'Duration of calls to other services and APIs, retries included',
    ['target', 'method', 'outcome'],
  ),
  queueMessagePublishedTotal: metric(
    'queue_message_published_total',
    'counter',
    '1',
    'Messages published, by queue',
    ['queue'],
  ),
  queueMessageConsumedTotal: metric(
    'queue_message_consumed_total',
    'counter',
    '1',
    'Messages consumed, by queue and outcome',
    ['queue', 'outcome'],
  ),
  queueMessageFailedTotal: metric(
    'queue_message_failed_total',
    'counter',
    '1',
    'Messages whose processing failed, by queue and error code',
    ['queue', 'error'],
  ),
  queueMessageDeadLetteredTotal: metric(
    'queue_message_dead_lettered_total',
    'counter',
    '1',
    'Messages sent to a dead-letter queue, by queue and reason',
    ['queue', 'reason'],
  ),
  queueMessageProcessingDurationSeconds: metric(
    'queue_message_processing_duration_seconds',
    'histogram',
    's',
    'Time to process one message',
    ['queue', 'outcome'],
  ),
  circuitBreakerState: metric(
    'circuit_breaker_state',
    'gauge',
    '1',
    'Circuit breaker state: 0 closed, 1 open, 2 half-open, 3 isolated',
    ['breaker'],
  ),
  cacheHitsTotal: metric('cache_hits_total', 'counter', '1', 'Cache hits, by cache', ['cache']),
  cacheMissesTotal: metric('cache_misses_total', 'counter', '1', 'Cache misses, by cache', [
    'cache',
  ]),
  operationDurationSeconds: metric(
    'operation_duration_seconds',
    'histogram',
    's',
    'Duration of operations wrapped by traced(), by operation and outcome',
    ['operation', 'outcome'],
  ),
});
