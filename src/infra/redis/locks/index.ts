// The lock adapter of `@baltra/sdk/redis`, with the declarations of `@baltra/sdk` its
// signatures name (so the entry is complete on its own, issue #17).
export type { AcquireLockOptions, Lock, LockManager } from '../../../domain/index.js';
export { assertFencingToken } from './assert-fencing-token.js';
export type { RedisLock } from './redis-lock.js';
export type { RedisAcquireLockOptions, RedisLockManagerOptions } from './redis-lock-manager.js';
export { RedisLockManager } from './redis-lock-manager.js';
