import { z } from 'zod';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Candidate } from '../models/candidate.js';
import {
  type FunnelBuckets,
  type FunnelFilter,
  FunnelFilterSchema,
  type StageConversion,
} from '../models/funnel-buckets.js';
import {
  assertStageTransition,
  FUNNEL_EXITS,
  FUNNEL_PATH,
  FUNNEL_STAGES,
  type FunnelStage,
  FunnelStageSchema,
} from '../models/funnel-stage.js';
import type { CandidateRepository } from '../ports/candidate-repository.js';

const CompanyIdSchema = z.uuid();

export const MoveCandidateSchema = z.object({
  candidateId: z.uuid(),
  to: FunnelStageSchema,
});
export type MoveCandidateCommand = z.infer<typeof MoveCandidateSchema>;

export interface FunnelServiceOptions {
  /** Clock used to stamp changes; defaults to the system clock. */
  readonly now?: () => Date;
}

/**
 * The candidate funnel of a company: counts and conversion per stage, and stage moves.
 *
 * @example
 * ```ts
 * const buckets = await uow.run(({ candidates }) =>
 *   new FunnelService(candidates).buckets(companyId, { source: 'meta_lead_ad' }),
 * );
 * console.log(buckets.counts.hired, buckets.conversion);
 * ```
 */
export class FunnelService {
  private readonly now: () => Date;

  constructor(
    private readonly candidates: CandidateRepository,
    options: FunnelServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Counts per stage (done by the store) and conversion along the main path. */
  async buckets(companyId: string, filter: FunnelFilter = {}): Promise<FunnelBuckets> {
    const id = parse('companyId', CompanyIdSchema, companyId);
    const validFilter = parse('funnel filter', FunnelFilterSchema, filter);
    const stored = await this.candidates.countByStage(id, validFilter);
    return summarise(id, stored);
  }

  /**
   * Moves a candidate to another stage; `IllegalStageTransitionError` for a move the funnel
   * does not allow, `NotFoundError` for an unknown candidate.
   */
  async moveCandidate(command: MoveCandidateCommand): Promise<Candidate> {
    const { candidateId, to } = parse('move command', MoveCandidateSchema, command);
    const candidate = await this.candidates.get(candidateId);
    if (!candidate) throw new NotFoundError('Candidate', candidateId);
    assertStageTransition(candidate.stage, to);
    const moved: Candidate = { ...candidate, stage: to, updatedAt: this.now() };
    await this.candidates.update(moved);
    return moved;
  }
}

function parse<T>(subject: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw ValidationError.fromZod(subject, result.error);
  return result.data;
}

function summarise(companyId: string, stored: Partial<Record<FunnelStage, number>>): FunnelBuckets {
  const counts = Object.fromEntries(FUNNEL_STAGES.map((s) => [s, stored[s] ?? 0])) as Record<
    FunnelStage,
    number
  >;
  const reached = { ...counts };
  let beyond = 0;
  for (const stage of [...FUNNEL_PATH].reverse()) {
    beyond += counts[stage];
    reached[stage] = beyond;
  }
  for (const exit of FUNNEL_EXITS) reached[exit] = counts[exit];
  const conversion: StageConversion[] = FUNNEL_PATH.slice(1).map((to, i) => {
    const from = FUNNEL_PATH[i] as FunnelStage;
    return { from, to, rate: reached[from] === 0 ? null : reached[to] / reached[from] };
  });
  const total = FUNNEL_STAGES.reduce((sum, s) => sum + counts[s], 0);
  return { companyId, total, counts, reached, conversion };
}
