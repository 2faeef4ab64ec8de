import type * as SqsSdk from '@aws-sdk/client-sqs';
import { lazyOptionalPeer } from '../peer/lazy-optional-peer.js';

/** A command of `@aws-sdk/client-sqs`, seen only as something with an input. */
export interface SqsCommand {
  readonly input: object;
}

/** The options of one `send` the SQS adapter uses: an abort signal for long polls. */
export interface SqsSendOptions {
  readonly abortSignal?: AbortSignal;
}

/**
 * The slice of `SQSClient` the SQS adapter uses: `send`, with an abort signal. Any `SQSClient`
 * of `@aws-sdk/client-sqs` v3 fits (so do wrappers that trace or meter it).
 *
 * @example
 * ```ts
 * import { SQSClient } from '@aws-sdk/client-sqs';
 * const client: SqsClient = new SQSClient({ region: 'eu-west-1' });
 * ```
 */
export interface SqsClient {
  send(command: SqsCommand, options?: SqsSendOptions): Promise<unknown>;
}

/** The module `@aws-sdk/client-sqs`, loaded on first use. */
export type SqsModule = typeof SqsSdk;

/**
 * Imports `@aws-sdk/client-sqs` once, on first use (an optional peer: a missing package is a
 * `MissingPeerDependencyError` naming it; see `lazyOptionalPeer`).
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
