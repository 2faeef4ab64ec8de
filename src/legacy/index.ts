/**
 * `@baltra/sdk/legacy`: deprecated names of the older shared libraries (Baltra SDK, nooble4
 * common, carpeta_common, Reten service core), spelled the TypeScript way, as thin shims over
 * the current API. Each warns once (a `DeprecationWarning` with a stable `BALTRA_DEPnnn`
 * code, silenced by `--no-deprecation`) and names its replacement; see docs/migration.md.
 *
 * @packageDocumentation
 */
export * from './acquire-lock.js';
export * from './base-worker.js';
export * from './calculate-conversion-rates.js';
export * from './circuit-breaker.js';
export * from './configure-logging.js';
export * from './consume-events.js';
export * from './domain-queue-manager.js';
export * from './get-dashboard-metrics.js';
export * from './get-funnel-buckets.js';
export * from './get-stage-counts.js';
export * from './publish-event.js';
export * from './release-lock.js';
export * from './saga.js';
export * from './setup-logging.js';
export * from './setup-observability.js';
