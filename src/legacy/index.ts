/**
 * `@baltra/sdk/legacy`: deprecated names of the older shared libraries, as thin shims over
 * the current API. Each warns once (a `DeprecationWarning` with a stable code) and names its
 * replacement; see docs/migration.md.
 *
 * @packageDocumentation
 */
export * from './get-funnel-buckets.js';
export * from './setup-logging.js';
