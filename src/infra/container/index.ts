/**
 * `@baltra/sdk/container`: the composition root (inversify). Importing it loads Kysely and
 * inversify but no database driver; drivers load when `bootstrap()` opens a database.
 *
 * @packageDocumentation
 */
export * from './bootstrap.js';
export * from './tokens.js';
export * from './transactional-funnel-service.js';
