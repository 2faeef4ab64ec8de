/** The outcome of claiming an idempotency key inside a unit of work. */
export type IdempotencyClaim =
  | { readonly state: 'new' }
  | { readonly state: 'completed'; readonly result: unknown };

/**
 * Remembers the results of work done once per key. `claim` inside a unit of work either
 * reserves the key (`new`: do the work, then `complete`) or returns the stored result of an
 * earlier, committed run (`completed`). While another unit of work holds an uncommitted claim
 * on the same key, `claim` waits for it (or fails with `ConflictError` when the store gives up
 * waiting). Results must be JSON values. Use `withIdempotency` rather than calling this directly.
 *
 * @example
 * ```ts
 * const outcome = await withIdempotency(uow, `move:${requestId}`, (repos) => work(repos));
 * ```
 */
export interface IdempotencyStore {
  claim(key: string): Promise<IdempotencyClaim>;
  complete(key: string, result: unknown): Promise<void>;
}
