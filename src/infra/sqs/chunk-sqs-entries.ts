import type { BatchItem } from './run-sqs-batches.js';

/** Entries per batched call: SQS's limit. */
export const MAX_BATCH_ENTRIES = 10;

/** A cap on the bytes of one chunk, and how to weigh an entry. */
export interface ChunkByteLimit<T> {
  readonly maxBytes: number;
  bytes(value: T): number;
}

/**
 * Cuts entries into the chunks of batched calls, in order: at most 10 per chunk and, when a
 * byte limit is given, at most `maxBytes` per chunk (an entry larger than that gets a chunk
 * of its own).
 *
 * @example
 * ```ts
 * chunkSqsEntries(handles.map((handle) => ({ id: handle, value: handle })));
 * chunkSqsEntries(messages, { maxBytes: 1_048_576, bytes: messageBytes });
 * ```
 */
export function chunkSqsEntries<T>(
  items: readonly BatchItem<T>[],
  limit?: ChunkByteLimit<T>,
): BatchItem<T>[][] {
  const chunks: BatchItem<T>[][] = [];
  let current: BatchItem<T>[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = limit === undefined ? 0 : limit.bytes(item.value);
    const full =
      current.length === MAX_BATCH_ENTRIES ||
      (limit !== undefined && current.length > 0 && bytes + size > limit.maxBytes);
    if (full) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
