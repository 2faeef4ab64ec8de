import type * as SfnSdk from '@aws-sdk/client-sfn';
import { lazyOptionalPeer } from '../peer/lazy-optional-peer.js';

/** The module `@aws-sdk/client-sfn`, loaded on first use. */
export type SfnModule = typeof SfnSdk;

/**
 * Imports `@aws-sdk/client-sfn` once, on first use (an optional peer: a missing package is a
 * `MissingPeerDependencyError` naming it; see `lazyOptionalPeer`). Internal: no public
 * declaration names it, so the entry's declarations never import the peer (docs/adr/0026).
 *
 * @example
 * ```ts
 * const { DescribeExecutionCommand } = await loadSfnModule();
 * ```
 */
export const loadSfnModule: () => Promise<SfnModule> = /* @__PURE__ */ lazyOptionalPeer<SfnModule>(
  '@aws-sdk/client-sfn',
  'AWS Step Functions workflows',
  '@baltra/sdk/step-functions',
);
