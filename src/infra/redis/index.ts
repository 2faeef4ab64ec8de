/**
 * `@baltra/sdk/redis`: the SDK's ports on Redis (optional peer `ioredis`, loaded lazily:
 * importing this entry loads no Redis module) — the client factory and settings, a readiness
 * check, and one adapter per port.
 *
 * @packageDocumentation
 */

// The declarations of `@baltra/sdk` that this entry's signatures name, exported here too so
// that the entry is complete on its own (API Extractor: no ae-forgotten-export, issue #17).
export type { BaltraErrorOptions, ErrorContext } from '../../domain/index.js';
export {
  BaltraError,
  CandidateSchema,
  CompanySchema,
  DOMAIN_EVENT_TYPES,
  FunnelFilterSchema,
  FunnelStageSchema,
  InfrastructureError,
  ONBOARDING_STATUSES,
  RawLeadSchema,
  ReportingPeriodSchema,
  StageTransitionSchema,
  VacancySchema,
} from '../../domain/index.js';
export type { EnvSource, HealthCheck, Settings } from '../../shared/index.js';
export { TENANT_TIERS } from '../../shared/index.js';
export * from './cache/index.js';
export type { CreateRedisClientOptions } from './create-redis-client.js';
export { createRedisClient, describeRedisUrl } from './create-redis-client.js';
export * from './idempotency/index.js';
export * from './locks/index.js';
export * from './queue/index.js';
export * from './rate-limits/index.js';
export type { RedisClient, RedisConnectionOverride, RedisTransaction } from './redis-client.js';
export type { RedisErrorCode, RedisErrorOptions } from './redis-error.js';
export { RedisError } from './redis-error.js';
export { redisPingCheck } from './redis-ping-check.js';
export { RedisScript, type ScriptArgument } from './redis-script.js';
export type { ReadRedisSettingsOptions, RedisPort, RedisSettings } from './redis-settings.js';
export { REDIS_PORTS, readRedisSettings, redisSettingsSchema } from './redis-settings.js';
export * from './tenants/index.js';
export { translateRedisError } from './translate-redis-error.js';
