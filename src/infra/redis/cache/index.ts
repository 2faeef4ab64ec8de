// The cache adapter of `@baltra/sdk/redis`, with the declarations of `@baltra/sdk` its
// signatures name (so the entry is complete on its own, issue #17).

export { JsonCache } from '../../../shared/caching/json-cache.js';
export type {
  Cache,
  CacheSetOptions,
  InstrumentOptions,
  JsonCacheOptions,
  SpanIdentity,
  StartSpanOptions,
  Telemetry,
  TelemetryAttributes,
  TelemetryCounter,
  TelemetryGauge,
  TelemetryHistogram,
  TelemetrySpan,
  TelemetrySpanKind,
} from '../../../shared/index.js';
export type { RedisCacheOptions } from './redis-cache.js';
export { RedisCache } from './redis-cache.js';
