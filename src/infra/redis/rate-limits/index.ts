// The rate limiter of `@baltra/sdk/redis`, with the declarations of `@baltra/sdk` its
// signatures name (so the entry is complete on its own, issue #17).
export type {
  RateLimitDecision,
  RateLimiter,
  RateLimitRequest,
  TenantTier,
} from '../../../shared/index.js';
export type {
  RateLimiterOptions,
  RateLimitPolicies,
  RateLimitQuota,
} from '../../rate-limits/tenant-quota-window.js';
export type { RedisRateLimiterOptions } from './redis-rate-limiter.js';
export { RedisRateLimiter } from './redis-rate-limiter.js';
