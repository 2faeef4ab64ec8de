import type * as SfnSdk from '@aws-sdk/client-sfn';
import { lazyOptionalPeer } from '../peer/lazy-optional-peer.js';

/** A command of `@aws-sdk/client-sfn`, seen only as something with an input. */
export interface SfnCommand {
  readonly input: object;
}

/**
 * The slice of `SFNClient` the Step Functions adapter uses: `send`. Any `SFNClient` from
 * `@aws-sdk/client-sfn` v3 fits (so do wrappers that trace or meter it).
 *
 * @example
 * ```ts
 * import { SFNClient } from '@aws-sdk/client-sfn';
 * const client: SfnClient = new SFNClient({ region: 'eu-west-1' });
 * ```
 */
export interface SfnClient {
  send(command: SfnCommand): Promise<unknown>;
}

/** The module `@aws-sdk/client-sfn`, loaded on first use. */
export type SfnModule = typeof SfnSdk;

/**
 * Imports `@aws-sdk/client-sfn` once, on first use (an optional peer: a missing package is a
 * `MissingPeerDependencyError` naming it; see `lazyOptionalPeer`).
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
