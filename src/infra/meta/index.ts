/**
 * `@baltra/sdk/meta`: the `LeadSource` and `AdSpendSource` on the Meta Marketing API, their
 * error translation and resilience wrappers. `facebook-nodejs-business-sdk` is an optional
 * peer: importing this entry loads no Meta module (it is loaded on the first call).
 *
 * @packageDocumentation
 */

// The declarations of `@baltra/sdk` that this entry's signatures name, exported here too so
// that the entry is complete on its own (API Extractor: no ae-forgotten-export, issue #17).
export type {
  AdSpendEntry,
  AdSpendSource,
  BaltraErrorOptions,
  ErrorContext,
  FetchLeadsRequest,
  LeadPage,
  LeadSource,
  Money,
  RawLead,
  ReportingPeriod,
} from '../../domain/index.js';
export {
  BaltraError,
  InfrastructureError,
  RawLeadSchema,
  ReportingPeriodSchema,
} from '../../domain/index.js';
export type {
  CircuitBreaker,
  CircuitBreakerPolicyOptions,
  CircuitBreakerState,
  PolicyContext,
  ResilienceEvent,
  ResilienceListener,
  ResiliencePolicy,
} from '../../shared/index.js';
export type { MetaAdSpendSourceOptions } from './meta-ad-spend-source.js';
export { MetaAdSpendSource } from './meta-ad-spend-source.js';
export type { MetaGraphOptions } from './meta-graph-client.js';
export type { MetaGraphErrorCode } from './meta-graph-error.js';
export { MetaGraphError } from './meta-graph-error.js';
export type { MetaLeadForm, MetaLeadSourceOptions } from './meta-lead-source.js';
export { MetaLeadSource } from './meta-lead-source.js';
export { MetaRateLimitedError } from './meta-rate-limited-error.js';
export type { MetaResilience, MetaResilienceOptions, MetaRetryOptions } from './meta-resilience.js';
export { createMetaResilience } from './meta-resilience.js';
export { scrubAccessToken } from './scrub-access-token.js';
export { spendToMinorUnits } from './spend-to-minor-units.js';
export type { MetaCallDescription } from './translate-meta-error.js';
export { translateMetaError } from './translate-meta-error.js';
export { withAdSpendSourceResilience } from './with-ad-spend-source-resilience.js';
export { withLeadSourceResilience } from './with-lead-source-resilience.js';
