import { loadOptionalPeer } from './load-optional-peer.js';

/**
 * A loader of one optional peer dependency for an adapter's hot path: the first call imports
 * the package with {@link loadOptionalPeer} (so a missing package is a
 * `MissingPeerDependencyError` naming it and its install command), later calls share that
 * import, and a failed import is tried again on the next call (after the package has been
 * installed, say) instead of being remembered.
 *
 * @param packageName the bare specifier to import, e.g. `@aws-sdk/client-sqs`.
 * @param feature what the package is needed for, e.g. `Amazon SQS queues`.
 * @param entryPoint the SDK entry point that needs it, e.g. `@baltra/sdk/sqs`.
 *
 * @example
 * ```ts
 * const loadSqs = lazyOptionalPeer<typeof import('@aws-sdk/client-sqs')>('@aws-sdk/client-sqs', 'Amazon SQS queues', '@baltra/sdk/sqs');
 * const { SQSClient } = await loadSqs(); // imported once, on first use
 * ```
 */
export function lazyOptionalPeer<T>(
  packageName: string,
  feature: string,
  entryPoint: string,
): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= loadOptionalPeer<T>(packageName, feature, entryPoint).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
