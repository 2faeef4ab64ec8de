/**
 * `@baltra/sdk/testing`: in-memory adapters, data factories and the contract suites that
 * prove an adapter behaves like the SDK's own. Framework-agnostic: pass your runner's
 * `describe`/`it`/`beforeAll`/`afterAll`.
 *
 * @packageDocumentation
 */
export * from '../memory/index.js';
export * from './contracts/contract-test-api.js';
export * from './contracts/expect-baltra-error.js';
export * from './contracts/lock-manager-contract.js';
export * from './contracts/message-queue-contract.js';
export * from './contracts/persistence-contracts.js';
export type * from './contracts/persistence-harness.js';
export * from './contracts/rate-limiter-contract.js';
export * from './contracts/saga-contract.js';
export * from './contracts/use-case-contracts.js';
export * from './factories.js';
export * from './fault-injecting-unit-of-work.js';
export * from './silent-logger.js';
