import type * as SqsSdk from '@aws-sdk/client-sqs';
import { lazyOptionalPeer } from '../peer/lazy-optional-peer.js';

/** The module `@aws-sdk/client-sqs`, loaded on first use. */
export type SqsModule = typeof SqsSdk;

/**
 * Imports `@aws-sdk/client-sqs` once, on first use (an optional peer: a missing package is a
 * `MissingPeerDependencyError` naming it; see `lazyOptionalPeer`). Internal: no public
 * declaration names it, so the entry's declarations never import the peer (docs/adr/0026).
 *
 * @example
 * ```ts
 * const { ReceiveMessageCommand } = await loadSqsModule();
 * ```
 */
export const loadSqsModule: () => Promise<SqsModule> = /* @__PURE__ */ lazyOptionalPeer<SqsModule>(
  '@aws-sdk/client-sqs',
  'Amazon SQS queues',
  '@baltra/sdk/sqs',
);
