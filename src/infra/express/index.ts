/**
 * `@baltra/sdk/express`: the service edge for Express — correlation id and traceparent,
 * request logging and metrics, API-key/JWT authentication, scopes, health routes and the
 * error envelope. Works on the `(req, res, next)` shape; `express` is an optional peer that
 * this entry never loads.
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
export type { ExpressEdge } from './create-express-edge.js';
export { createExpressEdge } from './create-express-edge.js';
export { expressMetricsHandler } from './express-metrics-handler.js';
export { getPrincipal } from './get-principal.js';
export type {
  EdgeErrorMiddleware,
  EdgeMiddleware,
  EdgeNext,
  EdgeRequest,
} from './node-http-types.js';
export { requireScopes } from './require-scopes.js';
export { sendJson } from './send-json.js';
