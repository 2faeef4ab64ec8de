import { ConflictError } from '../../../domain/errors.js';

/**
 * The check a downstream resource makes so that a stale lock holder cannot overwrite a later
 * one: it keeps the highest fencing token that has written to it, and refuses a write that
 * presents a smaller one with `ConflictError` code `FENCING_TOKEN_STALE`. An equal token is
 * the same holder writing again, and passes; so does any token while nothing was stored.
 *
 * A holder whose lease ran out (a long GC pause, a network partition) still believes it holds
 * the lock, and a later holder has already been handed a larger token by `RedisLockManager`:
 * the comparison at the resource is what stops the stale write, not the lock. In SQL the same
 * check is one conditional statement, whose zero updated rows mean "stale":
 *
 * ```sql
 * update candidates set stage = $2, fencing_token = $3
 *  where id = $1 and (fencing_token is null or fencing_token <= $3);
 * ```
 *
 * @param resource - What is written (for the message), e.g. `candidate 42`.
 * @param presented - The writer's `RedisLock.fencingToken`.
 * @param highest - The highest token the resource has accepted so far; `undefined`/`null` for none.
 *
 * @example
 * ```ts
 * await locks.withLock(`candidate:${id}`, async (lock) => {
 *   const row = await store.read(id);
 *   assertFencingToken(`candidate ${id}`, lock.fencingToken, row.fencingToken);
 *   await store.write(id, { ...row, stage: 'hired', fencingToken: lock.fencingToken });
 * });
 * ```
 */
export function assertFencingToken(
  resource: string,
  presented: number,
  highest: number | null | undefined,
): void {
  if (!Number.isSafeInteger(presented)) {
    throw new RangeError(`fencing token for ${resource} must be an integer, got ${presented}`);
  }
  if (highest === null || highest === undefined || presented >= highest) return;
  throw new ConflictError(
    `stale lock holder: ${resource} has accepted fencing token ${highest}, this write presents ${presented}`,
    { code: 'FENCING_TOKEN_STALE', context: { resource, presented, highest } },
  );
}
