import type { Repositories, UnitOfWork } from '../ports/unit-of-work.js';

/**
 * Runs `work` once per key: the first run commits its result with the key in the same unit of
 * work; a replay returns the stored result without running again. A concurrent duplicate waits
 * for the first to commit (or fails with `ConflictError` if the store stops waiting); when the
 * first rolls back, the duplicate runs. Results must be JSON values (a replay returns the
 * parsed JSON; so does the first run, so Dates are ISO strings either way).
 *
 * @example
 * ```ts
 * const { result, replayed } = await withIdempotency(uow, `action:${actionId}`, async (repos) => {
 *   await repos.candidates.add(candidate);
 *   return { candidateId: candidate.id };
 * });
 * ```
 */
export async function withIdempotency<T>(
  unitOfWork: UnitOfWork,
  key: string,
  work: (repositories: Repositories) => Promise<T>,
): Promise<{ result: T; replayed: boolean }> {
  return unitOfWork.run(async (repositories) => {
    const claim = await repositories.idempotency.claim(key);
    if (claim.state === 'completed') return { result: claim.result as T, replayed: true };
    // The first run returns the same JSON a replay will, so callers see one shape.
    const result = toJsonValue(await work(repositories));
    await repositories.idempotency.complete(key, result);
    return { result: result as T, replayed: false };
  });
}

function toJsonValue(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
