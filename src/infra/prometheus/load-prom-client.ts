import type * as PromClient from 'prom-client';
import { lazyOptionalPeer } from '../peer/lazy-optional-peer.js';

/** The module `prom-client`, loaded on first use. */
export type PromClientModuleType = typeof PromClient;

/**
 * Imports `prom-client` once, on first use (an optional peer: a missing package is a
 * `MissingPeerDependencyError` naming it; see `lazyOptionalPeer`). Internal: no public
 * declaration names it, so the entry's declarations never import the peer (docs/adr/0026).
 *
 * @example
 * ```ts
 * const { Registry } = await loadPromClient();
 * ```
 */
export const loadPromClient: () => Promise<PromClientModuleType> =
  /* @__PURE__ */ lazyOptionalPeer<PromClientModuleType>(
    'prom-client',
    'Prometheus metrics',
    '@baltra/sdk/prometheus',
  );
