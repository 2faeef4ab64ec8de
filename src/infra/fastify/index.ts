/**
 * `@baltra/sdk/fastify`: the service edge as a Fastify plugin — correlation id and
 * traceparent, request logging and metrics, API-key/JWT authentication, scopes, health
 * routes and the error envelope. `fastify` is an optional peer that this entry never loads.
 *
 * @packageDocumentation
 */

// The declarations of `@baltra/sdk` that this entry's signatures name, exported here too so
// that the entry is complete on its own (API Extractor: no ae-forgotten-export, issue #17).
export type {
  ApiKeyPrincipal,
  ApiKeyRecord,
  ApiKeyRegistryOptions,
  CheckResult,
  EdgeLimits,
  EdgeOptionsProblem,
  HeaderBag,
  HealthCheck,
  HealthRegistryOptions,
  HealthStatus,
  InstrumentOptions,
  JwtAlgorithm,
  JwtVerifierOptions,
  LivenessReport,
  LogFields,
  Logger,
  MetricsSource,
  Principal,
  ReadinessReport,
  RegisterCheckOptions,
  RequestAuthenticatorOptions,
  ServiceEdgeOptions,
  ServicePrincipal,
  SpanIdentity,
  StartSpanOptions,
  Telemetry,
  TelemetryAttributes,
  TelemetryCounter,
  TelemetryGauge,
  TelemetryHistogram,
  TelemetrySpan,
  TelemetrySpanKind,
} from '../../shared/index.js';
export {
  ApiKeyRegistry,
  DuplicateHeaderError,
  EdgeOptionsError,
  HeadersTooLargeError,
  HealthRegistry,
  JwtVerifier,
  PayloadTooLargeError,
  RequestAuthenticator,
} from '../../shared/index.js';
export type { FastifyEdgeOptions } from './baltra-edge.js';
export { baltraEdge } from './baltra-edge.js';
export { fastifyMetricsHandler } from './fastify-metrics-handler.js';
export { getPrincipal } from './get-principal.js';
export { requireScopes } from './require-scopes.js';
