import type { FailedEntry } from '../../shared/messaging/message-queue.js';
import type { SqsError } from './sqs-error.js';

/** One entry of a batched call: the caller's id and what to send for it. */
export interface BatchItem<T> {
  readonly id: string;
  readonly value: T;
}

/** The answer of one batched call, by position in the chunk that was sent. */
export interface ChunkResult<R> {
  readonly successful: readonly { readonly index: number; readonly result: R }[];
  readonly failed: readonly {
    readonly index: number;
    readonly code: string;
    readonly message: string;
    readonly senderFault: boolean;
  }[];
}

/** How {@link runSqsBatches} retries and explains failures. */
export interface SqsBatchPolicy {
  /** How many more times entries that failed for a passing reason are sent again. */
  readonly maxEntryRetries: number;
  /** Waits before the retry after `attempt` (0-based). */
  pause(attempt: number): Promise<void>;
  /** Our error for what the SDK threw. */
  translate(error: unknown): SqsError;
}

/** What a batched operation achieved, entry by entry. */
export interface BatchesOutcome<R> {
  readonly succeeded: { readonly id: string; readonly result: R }[];
  readonly failed: FailedEntry[];
}

/**
 * Runs a batched operation chunk by chunk (in order, so FIFO groups keep their order):
 * retries what failed for a passing reason, splits a chunk refused as a whole into single
 * entries, reports the rest. A missing queue or denied access throws (it concerns every
 * entry and every later call).
 *
 * @example
 * ```ts
 * const { succeeded, failed } = await runSqsBatches(chunks, (chunk) => sendChunk(chunk), policy);
 * ```
 */
export async function runSqsBatches<T, R>(
  chunks: readonly (readonly BatchItem<T>[])[],
  call: (chunk: readonly BatchItem<T>[]) => Promise<ChunkResult<R>>,
  policy: SqsBatchPolicy,
): Promise<BatchesOutcome<R>> {
  const succeeded: { id: string; result: R }[] = [];
  const failed: FailedEntry[] = [];
  const run = async (chunk: readonly BatchItem<T>[]): Promise<void> => {
    let pending = chunk;
    for (let attempt = 0; ; attempt += 1) {
      let result: ChunkResult<R>;
      try {
        result = await call(pending);
      } catch (error) {
        const translated = policy.translate(error);
        if (translated.code === 'QUEUE_NOT_FOUND' || translated.code === 'QUEUE_ACCESS_DENIED') {
          throw translated;
        }
        if (translated.retryable) {
          if (attempt < policy.maxEntryRetries) {
            await policy.pause(attempt);
            continue;
          }
          for (const item of pending) {
            failed.push(failure(item.id, translated.code, translated.message, true));
          }
          return;
        }
        // Refused as a whole (an invalid entry, a batch too large): one verdict per entry.
        if (pending.length > 1) {
          for (const item of pending) await run([item]);
          return;
        }
        const [only] = pending;
        if (only !== undefined) {
          const cause = translated.cause instanceof Error ? translated.cause.message : '';
          failed.push(failure(only.id, translated.awsCode ?? translated.code, cause, false));
        }
        return;
      }
      const retry: BatchItem<T>[] = [];
      for (const { index, result: value } of result.successful) {
        const item = pending[index];
        if (item !== undefined) succeeded.push({ id: item.id, result: value });
      }
      const last = attempt >= policy.maxEntryRetries;
      for (const entry of result.failed) {
        const item = pending[entry.index];
        if (item === undefined) continue;
        if (!entry.senderFault && !last) retry.push(item);
        else failed.push(failure(item.id, entry.code, entry.message, !entry.senderFault));
      }
      if (retry.length === 0) return;
      await policy.pause(attempt);
      pending = retry;
    }
  };
  for (const chunk of chunks) await run(chunk);
  return { succeeded, failed };
}

/**
 * Maps a batch answer (entry ids are positions in the chunk) to positions.
 *
 * @example
 * ```ts
 * return chunkResult(output, (entry) => entry.MessageId ?? '');
 * ```
 */
export function chunkResult<R, S extends { Id: string | undefined }>(
  output: {
    Successful?: readonly S[] | undefined;
    Failed?:
      | readonly {
          Id: string | undefined;
          SenderFault: boolean | undefined;
          Code: string | undefined;
          Message?: string | undefined;
        }[]
      | undefined;
  },
  value: (entry: S) => R,
): ChunkResult<R> {
  return {
    successful: (output.Successful ?? []).map((entry) => ({
      index: Number(entry.Id),
      result: value(entry),
    })),
    failed: (output.Failed ?? []).map((entry) => ({
      index: Number(entry.Id),
      code: entry.Code ?? 'Unknown',
      message: entry.Message ?? '',
      senderFault: entry.SenderFault ?? true,
    })),
  };
}

function failure(id: string, code: string, message: string, retryable: boolean): FailedEntry {
  return { id, code, message, retryable };
}
