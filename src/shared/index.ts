/**
 * Cross-cutting building blocks: settings from the environment, execution context and
 * correlation ids, structured logging with PII redaction. Importing this module reads no
 * environment variable and loads no logging library.
 *
 * @packageDocumentation
 */

export type { ApiKeyParts } from './auth/api-key-format.js';
export {
  DEFAULT_API_KEY_PREFIX,
  MAX_API_KEY_LENGTH,
  parseApiKey,
} from './auth/api-key-format.js';
export type { ApiKeyRecord, ApiKeyRegistryOptions } from './auth/api-key-registry.js';
export { ApiKeyRegistry } from './auth/api-key-registry.js';
export { assertScopes } from './auth/assert-scopes.js';
export type { AuthenticationFailure } from './auth/authentication-error.js';
export { AuthenticationError } from './auth/authentication-error.js';
export { AuthorizationError } from './auth/authorization-error.js';
export type { GenerateApiKeyOptions, GeneratedApiKey } from './auth/generate-api-key.js';
export { generateApiKey } from './auth/generate-api-key.js';
export { hashApiKey } from './auth/hash-api-key.js';
export { checkHmacKeyStrength, MIN_HMAC_KEY_BYTES } from './auth/hmac-key-strength.js';
export { InvalidJwtOptionsError } from './auth/invalid-jwt-options-error.js';
export type { JwtAlgorithm } from './auth/jwt-algorithm.js';
export { isAsymmetricAlgorithm, isSymmetricAlgorithm } from './auth/jwt-algorithm.js';
export type { JwtVerifierOptions } from './auth/jwt-verifier.js';
export { JwtVerifier } from './auth/jwt-verifier.js';
export type { MintServiceTokenOptions } from './auth/mint-service-token.js';
export { MAX_SERVICE_TOKEN_TTL_SECONDS, mintServiceToken } from './auth/mint-service-token.js';
export type { ApiKeyPrincipal, Principal, ServicePrincipal } from './auth/principal.js';
export type { RequestAuthenticatorOptions } from './auth/request-authenticator.js';
export { RequestAuthenticator } from './auth/request-authenticator.js';
export type {
  ServiceTokenProvider,
  ServiceTokenProviderOptions,
} from './auth/service-token-provider.js';
export { createServiceTokenProvider } from './auth/service-token-provider.js';
export type { Cache, CacheSetOptions } from './caching/cache.js';
export { CacheValueError } from './caching/cache-value-error.js';
export { encodeCacheValue } from './caching/encode-cache-value.js';
export { InvalidCacheOptionError } from './caching/invalid-cache-option-error.js';
export type { JsonCacheOptions } from './caching/json-cache.js';
export { JsonCache } from './caching/json-cache.js';
export { SingleFlight } from './caching/single-flight.js';
export type {
  ExecutionContext,
  ExecutionContextPatch,
} from './context/execution-context.js';
export {
  getExecutionContext,
  newCorrelationId,
  runWithContext,
} from './context/execution-context.js';
export type {
  CheckResult,
  HealthCheck,
  HealthStatus,
  LivenessReport,
  ReadinessReport,
} from './health/health-check.js';
export type { HealthRegistryOptions, RegisterCheckOptions } from './health/health-registry.js';
export { HealthRegistry } from './health/health-registry.js';
export type { HttpCheckOptions } from './health/http-check.js';
export { httpCheck } from './health/http-check.js';
export { sqlPingCheck } from './health/sql-ping-check.js';
export type { InboundCorrelation } from './http/correlation.js';
export {
  acceptCorrelationId,
  CORRELATION_ID_HEADER,
  currentTraceContext,
  outboundCorrelationHeaders,
  readInboundCorrelation,
  TRACEPARENT_HEADER,
} from './http/correlation.js';
export { DuplicateHeaderError } from './http/duplicate-header-error.js';
export type { EdgeErrorOptions } from './http/edge-error.js';
export { EdgeError } from './http/edge-error.js';
export type { EdgeLimitOptions, EdgeLimits } from './http/edge-limits.js';
export { DEFAULT_EDGE_LIMITS, EDGE_LIMIT_BOUNDS, resolveEdgeLimits } from './http/edge-limits.js';
export type { EdgeOptionsProblem } from './http/edge-options-error.js';
export { EdgeOptionsError } from './http/edge-options-error.js';
export type { Envelope, ErrorBody, ErrorEnvelope, SuccessEnvelope } from './http/envelope.js';
export { API_VERSION, envelopeSchema, errorEnvelopeSchema, fail, ok } from './http/envelope.js';
export type { HeaderBag } from './http/header-bag.js';
export { singleHeader } from './http/header-bag.js';
export { HeadersTooLargeError } from './http/headers-too-large-error.js';
export type { HostCircuitBreakersOptions } from './http/host-circuit-breakers.js';
export { HostCircuitBreakers } from './http/host-circuit-breakers.js';
export type { HttpClientErrorDetails } from './http/http-client-error.js';
export { HttpClientError } from './http/http-client-error.js';
export { IDEMPOTENCY_KEY_HEADER } from './http/idempotency-key-header.js';
export { isIdempotentRequest } from './http/is-idempotent-request.js';
export { PayloadTooLargeError } from './http/payload-too-large-error.js';
export { countRawHeader } from './http/raw-header-count.js';
export { ResponseValidationError } from './http/response-validation-error.js';
export { RouteNotFoundError } from './http/route-not-found-error.js';
export type {
  ServerRequestInit,
  ServerRequestOptions,
  ServerRequestOutcome,
} from './http/server-request.js';
export { ServerRequest } from './http/server-request.js';
export type {
  HttpMethod,
  ServiceClientBreakerOptions,
  ServiceClientOptions,
  ServiceClientRetryOptions,
  ServiceRequest,
  ServiceRequestOptions,
} from './http/service-client.js';
export { createServiceClient, ServiceClient } from './http/service-client.js';
export type { ServiceEdgeOptions } from './http/service-edge-options.js';
export type { MappedError, ToErrorEnvelopeOptions } from './http/to-error-envelope.js';
export { STATUS_BY_CODE, toErrorEnvelope } from './http/to-error-envelope.js';
export type { TraceContext } from './http/trace-context.js';
export {
  formatTraceparent,
  newSpanId,
  newTraceId,
  parseTraceparent,
} from './http/trace-context.js';
export { configureLogging, getLogger, resetLogging } from './logging/configure-logging.js';
export type { CreateLoggerOptions } from './logging/create-logger.js';
export { createLogger } from './logging/create-logger.js';
export type { LogLevel } from './logging/log-level.js';
export { LOG_LEVELS } from './logging/log-level.js';
export type { LogFields, Logger } from './logging/logger.js';
export type { RedactPiiOptions } from './logging/redact-pii.js';
export { redactPii } from './logging/redact-pii.js';
export type { LogValue, LogValueOptions } from './logging/to-log-value.js';
export { toLogValue } from './logging/to-log-value.js';
export type { ActionQueueAddress, SqsQueueNameOptions } from './messaging/action-queue-name.js';
export { actionQueueName, toSqsQueueName } from './messaging/action-queue-name.js';
export { AWS_TRACE_HEADER, parseAwsTraceHeader } from './messaging/aws-trace-header.js';
export type { CreateDomainActionInput, DomainAction } from './messaging/domain-action.js';
export {
  ACTION_TYPE_PATTERN,
  actionDomain,
  createDomainAction,
  DOMAIN_ACTION_VERSION,
  domainActionSchema,
} from './messaging/domain-action.js';
export type { DeadLetterReason } from './messaging/malformed-action-error.js';
export { MalformedActionError } from './messaging/malformed-action-error.js';
export { messageBytes } from './messaging/message-bytes.js';
export type { MessageCreationContextOptions } from './messaging/message-creation-context.js';
export { messageCreationContext } from './messaging/message-creation-context.js';
export type {
  BatchOutcome,
  FailedEntry,
  MessageAttributeValue,
  MessageQueue,
  MessageQueueLimits,
  OutgoingMessage,
  ReceivedMessage,
  ReceiveOptions,
  SendOutcome,
  VisibilityChange,
} from './messaging/message-queue.js';
export {
  outgoingTraceContext,
  readMessageTraceContext,
  TRACEPARENT_ATTRIBUTE,
  TRACESTATE_ATTRIBUTE,
  withMessageTraceContext,
} from './messaging/message-trace-context.js';
export type { ParseDomainActionOptions } from './messaging/parse-domain-action.js';
export { DEFAULT_MAX_BODY_BYTES, parseDomainAction } from './messaging/parse-domain-action.js';
export type {
  RateLimitDecision,
  RateLimiter,
  RateLimitRequest,
} from './messaging/rate-limiter.js';
export { runWithActionContext } from './messaging/run-with-action-context.js';
export { SQS_MESSAGE_LIMITS } from './messaging/sqs-message-limits.js';
export type { TenantTier, TierPolicy } from './messaging/tenant-tier.js';
export { isTenantTier, TENANT_TIERS, TIER_POLICIES } from './messaging/tenant-tier.js';
export type { TraceSendOptions } from './messaging/trace-send.js';
export { traceSend } from './messaging/trace-send.js';
export type { TracedMessageQueueOptions } from './messaging/traced-message-queue.js';
export { tracedMessageQueue } from './messaging/traced-message-queue.js';
export type { ExtraKeys, KeyClass } from './pii/classify-key.js';
export { classifyKey } from './pii/classify-key.js';
export { InvalidPiiOptionError } from './pii/invalid-pii-option-error.js';
export type { EmailMaskStyle, MaskEmailOptions } from './pii/mask-email.js';
export { maskEmail } from './pii/mask-email.js';
export { maskId } from './pii/mask-id.js';
export { maskPhone } from './pii/mask-phone.js';
export type { MaskTextOptions } from './pii/mask-sensitive-text.js';
export { maskSensitiveText } from './pii/mask-sensitive-text.js';
export type { SanitisedValue, SanitiseOptions } from './pii/sanitise.js';
export { sanitise } from './pii/sanitise.js';
export type { TruncateOptions, TruncationMarker } from './pii/truncate.js';
export { DEFAULT_MAX_STRING_LENGTH, truncate } from './pii/truncate.js';
export { BulkheadFullError } from './resilience/bulkhead-full-error.js';
export type { BulkheadPolicyOptions } from './resilience/bulkhead-policy.js';
export { bulkheadPolicy } from './resilience/bulkhead-policy.js';
export type {
  CircuitBreaker,
  CircuitBreakerPolicyOptions,
} from './resilience/circuit-breaker-policy.js';
export { circuitBreakerPolicy } from './resilience/circuit-breaker-policy.js';
export { CircuitOpenError } from './resilience/circuit-open-error.js';
export { describeError } from './resilience/describe-error.js';
export { isRetryableError } from './resilience/is-retryable-error.js';
export { OperationTimeoutError } from './resilience/operation-timeout-error.js';
export { PolicyEvents } from './resilience/policy-events.js';
export { resilience } from './resilience/resilience.js';
export type {
  CircuitBreakerState,
  ResilienceEvent,
  ResilienceListener,
} from './resilience/resilience-event.js';
export type { PolicyContext, ResiliencePolicy } from './resilience/resilience-policy.js';
export type { RetryPolicyOptions } from './resilience/retry-policy.js';
export { retryPolicy } from './resilience/retry-policy.js';
export type { TimeoutPolicyOptions } from './resilience/timeout-policy.js';
export { timeoutPolicy } from './resilience/timeout-policy.js';
export type { ConfigureSettingsOptions, CoreSettings } from './settings/core-settings.js';
export {
  configureSettings,
  coreSettingsSchema,
  getSettings,
  resetSettings,
} from './settings/core-settings.js';
export type {
  DefineSettingsOptions,
  EnvSource,
  Settings,
  SettingsKey,
  SettingsKeys,
} from './settings/define-settings.js';
export { defineSettings } from './settings/define-settings.js';
export { envBoolean } from './settings/env-boolean.js';
export { envVariableName } from './settings/env-variable-name.js';
export { InvalidSettingsOptionError } from './settings/invalid-settings-option-error.js';
export type { SettingsProblem } from './settings/settings-error.js';
export { SettingsError } from './settings/settings-error.js';
export { currentSpanIdentity } from './telemetry/current-span-identity.js';
export type { StoredTraceContext } from './telemetry/current-traceparent.js';
export { currentTraceparent } from './telemetry/current-traceparent.js';
export { getTelemetry, resetTelemetry, setTelemetry } from './telemetry/global-telemetry.js';
export type { MetricDefinition, MetricKind } from './telemetry/metric-catalogue.js';
export { METRICS } from './telemetry/metric-catalogue.js';
export type { MetricsSource } from './telemetry/metrics-source.js';
export { noopTelemetry } from './telemetry/noop-telemetry.js';
export { recordMetric } from './telemetry/record-metric.js';
export { recordResilienceEvents } from './telemetry/record-resilience-events.js';
export type { SagaTelemetryObserver } from './telemetry/saga-telemetry-observer.js';
export { sagaTelemetryObserver } from './telemetry/saga-telemetry-observer.js';
export type {
  InstrumentOptions,
  SpanIdentity,
  StartSpanOptions,
  Telemetry,
  TelemetryAttributes,
  TelemetryCounter,
  TelemetryGauge,
  TelemetryHistogram,
  TelemetrySpan,
  TelemetrySpanKind,
} from './telemetry/telemetry.js';
export type { TracedOptions } from './telemetry/traced.js';
export { traced } from './telemetry/traced.js';
export type { StandardSchemaV1 } from './validation/standard-schema-v1.js';
