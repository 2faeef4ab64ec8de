/**
 * `@baltra/sdk`: the recruiting domain (models, ports, use cases) and the shared building
 * blocks (settings, logging, execution context). Loads no database, AWS or Meta module.
 *
 * @packageDocumentation
 */
export * from './domain/index.js';
// Named by `InMemorySagaStore` (/testing) and the legacy saga shim, which extend or default to it.
export { ProcessLocalSagaStore } from './domain/services/process-local-saga-store.js';
export * from './shared/index.js';
