/**
 * `@baltra/sdk`: the recruiting domain (models, ports, use cases) and the shared building
 * blocks (settings, logging, execution context). Loads no database, AWS or Meta module.
 *
 * @packageDocumentation
 */
export * from './domain/index.js';
export * from './shared/index.js';
