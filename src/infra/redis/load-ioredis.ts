import type * as IoRedis from 'ioredis';
import { lazyOptionalPeer } from '../peer/lazy-optional-peer.js';

/** The module `ioredis`, loaded on first use. */
export type IoRedisModule = typeof IoRedis;

/**
 * Imports `ioredis` once, on first use (an optional peer: a missing package is a
 * `MissingPeerDependencyError` naming it; see `lazyOptionalPeer`).
 *
 * @example
 * ```ts
 * const { Redis } = await loadIoRedis();
 * ```
 */
export const loadIoRedis: () => Promise<IoRedisModule> =
  /* @__PURE__ */ lazyOptionalPeer<IoRedisModule>(
    'ioredis',
    'Redis connections',
    '@baltra/sdk/redis',
  );
