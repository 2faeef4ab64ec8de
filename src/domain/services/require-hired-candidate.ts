import { DomainError, NotFoundError } from '../errors.js';
import type { Candidate } from '../models/candidate.js';
import type { Repositories } from '../ports/unit-of-work.js';

/**
 * The candidate an onboarding starts for: `NOT_FOUND` when there is none,
 * `CANDIDATE_NOT_HIRED` when it is in any stage but `hired`.
 *
 * @example
 * ```ts
 * const { companyId } = await requireHiredCandidate(repositories.candidates, candidateId);
 * ```
 */
export async function requireHiredCandidate(
  candidates: Repositories['candidates'],
  id: string,
): Promise<Candidate> {
  const candidate = await candidates.get(id);
  if (!candidate) throw new NotFoundError('Candidate', id);
  if (candidate.stage !== 'hired') {
    throw new DomainError(`candidate ${candidate.id} is ${candidate.stage}, not hired`, {
      code: 'CANDIDATE_NOT_HIRED',
      context: { candidateId: candidate.id, stage: candidate.stage },
    });
  }
  return candidate;
}
