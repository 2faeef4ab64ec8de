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
 * | queue_message_retried_total | counter | 1 |
 * | queue_messages (by state: visible, in_flight, delayed) | gauge | 1 |
 * | queue_oldest_message_age_seconds | gauge | s |
 * | queue_dead_letter_messages | gauge | 1 |
 * | worker_actions_in_flight | gauge | 1 |
 * | worker_last_poll_timestamp_seconds | gauge | s |
 * | circuit_breaker_state (0 closed, 1 open, 2 half-open, 3 isolated) | gauge | 1 |
 * | cache_hits_total / cache_misses_total | counter | 1 |
 * | lock_acquisitions_total (acquired, contended, timeout) | counter | 1 |
 * | lock_wait_duration_seconds | histogram | s |
 * | outbox_pending_entries | gauge | 1 |
 * | outbox_lag_seconds (age of the oldest pending entry) | gauge | s |
 * | rate_limit_rejections_total | counter | 1 |
 * | saga_executions_total / saga_step_duration_seconds | counter / histogram | 1 / s |
 * | operation_duration_seconds (from `traced`) | histogram | s |
 * | ai_tokens_total (kind: prompt, completion) / ai_request_duration_seconds | counter / histogram | 1 / s |
 *
 * Worker and queue metrics carry the tenant `tier` (bounded: four values); `tenant` is only
 * kept by exporters that enable it, with a cap on distinct values.
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
    'Messages consumed, by queue, outcome and tenant tier',
    ['queue', 'outcome', 'tier'],
  ),
  queueMessageFailedTotal: metric(
    'queue_message_failed_total',
    'counter',
    '1',
    'Messages whose processing failed, by queue, error code and tenant tier',
    ['queue', 'error', 'tier'],
  ),
  queueMessageDeadLetteredTotal: metric(
    'queue_message_dead_lettered_total',
    'counter',
    '1',
    'Messages sent to a dead-letter queue, by queue, reason and tenant tier',
    ['queue', 'reason', 'tier'],
  ),
  queueMessageProcessingDurationSeconds: metric(
    'queue_message_processing_duration_seconds',
    'histogram',
    's',
    'Time to process one message',
    ['queue', 'outcome', 'tier'],
  ),
  queueMessageRetriedTotal: metric(
    'queue_message_retried_total',
    'counter',
    '1',
    'Actions returned to their queue for another attempt, by queue, error code and tenant tier',
    ['queue', 'error', 'tier'],
  ),
  queueMessages: metric(
    'queue_messages',
    'gauge',
    '1',
    'Messages in a queue, by state: visible (waiting), in_flight (received, not settled), delayed',
    ['queue', 'state'],
  ),
  queueOldestMessageAgeSeconds: metric(
    'queue_oldest_message_age_seconds',
    'gauge',
    's',
    'Age of the oldest message waiting in a queue (where the broker tells it)',
    ['queue'],
  ),
  queueDeadLetterMessages: metric(
    'queue_dead_letter_messages',
    'gauge',
    '1',
    'Messages waiting in a dead-letter queue, by dead-letter queue and the queue it serves',
    ['queue', 'source_queue'],
  ),
  workerActionsInFlight: metric(
    'worker_actions_in_flight',
    'gauge',
    '1',
    'Actions a worker is running now, by queue',
    ['queue'],
  ),
  workerLastPollTimestampSeconds: metric(
    'worker_last_poll_timestamp_seconds',
    'gauge',
    's',
    'Unix time of the last receive call a worker completed on a queue (stalled when it stops moving)',
    ['queue'],
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
  lockAcquisitionsTotal: metric(
    'lock_acquisitions_total',
    'counter',
    '1',
    'Lock acquisitions, by backend and outcome: acquired at once, contended (waited), timeout',
    ['backend', 'outcome'],
  ),
  lockWaitDurationSeconds: metric(
    'lock_wait_duration_seconds',
    'histogram',
    's',
    'Time spent waiting for a lock, by backend and outcome',
    ['backend', 'outcome'],
  ),
  outboxPendingEntries: metric(
    'outbox_pending_entries',
    'gauge',
    '1',
    'Outbox entries committed but not yet relayed',
    [],
  ),
  outboxLagSeconds: metric(
    'outbox_lag_seconds',
    'gauge',
    's',
    'Age of the oldest outbox entry not yet relayed (0 when none waits)',
    [],
  ),
  rateLimitRejectionsTotal: metric(
    'rate_limit_rejections_total',
    'counter',
    '1',
    'Requests or actions refused by a tenant quota, by tenant tier and window',
    ['tier', 'window'],
  ),
  sagaExecutionsTotal: metric(
    'saga_executions_total',
    'counter',
    '1',
    'Saga runs that ended, by saga and outcome: completed, compensated, failed',
    ['saga', 'outcome'],
  ),
  sagaStepDurationSeconds: metric(
    'saga_step_duration_seconds',
    'histogram',
    's',
    'Duration of one saga step or compensation, by saga, step and outcome',
    ['saga', 'step', 'outcome'],
  ),
  operationDurationSeconds: metric(
    'operation_duration_seconds',
    'histogram',
    's',
    'Duration of operations wrapped by traced(), by operation and outcome',
    ['operation', 'outcome'],
  ),
  aiTokensTotal: metric(
    'ai_tokens_total',
    'counter',
    '1',
    'Tokens a language model read (prompt) and wrote (completion), by model and operation',
    ['model', 'operation', 'kind'],
  ),
  aiRequestDurationSeconds: metric(
    'ai_request_duration_seconds',
    'histogram',
    's',
    'Duration of one request to a language model, by model, operation and outcome',
    ['model', 'operation', 'outcome'],
  ),
});
