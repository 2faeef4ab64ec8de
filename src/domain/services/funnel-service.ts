import { z } from 'zod';
import { ConflictError, DomainError, NotFoundError } from '../errors.js';
import type { Candidate } from '../models/candidate.js';
import type { DomainEvent } from '../models/domain-event.js';
import {
  type FunnelBuckets,
  type FunnelFilter,
  FunnelFilterSchema,
  type StageConversion,
  type StageCounts,
} from '../models/funnel-buckets.js';
import {
  assertStageTransition,
  FUNNEL_EXITS,
  FUNNEL_PATH,
  FUNNEL_STAGES,
  type FunnelStage,
  FunnelStageSchema,
} from '../models/funnel-stage.js';
import type { StageTransition } from '../models/stage-transition.js';
import type { CandidateRepository } from '../ports/candidate-repository.js';
import type { CompanyRepository } from '../ports/company-repository.js';
import type { Repositories } from '../ports/unit-of-work.js';
import { type DomainClock, resolveClock } from './domain-clock.js';
import { parseInput } from './parse-input.js';
import { requireCompany } from './require-company.js';

const CompanyIdSchema = z.uuid();

export const MoveCandidateSchema = z.object({
  candidateId: z.uuid(),
  to: FunnelStageSchema,
  /** Who moves the candidate; default `system`. */
  actor: z.string().min(1).max(200).optional(),
  /** A repeated request id replays the first move instead of moving again. */
  requestId: z.string().min(1).max(200).optional(),
});
export type MoveCandidateCommand = z.input<typeof MoveCandidateSchema>;

/** The ports `moveCandidate` writes to, all from one unit of work. */
export type FunnelPorts = Pick<Repositories, 'candidates' | 'transitions' | 'outbox'>;

/** The ports `buckets` reads: the candidates it counts and the companies it checks. */
export type FunnelReadPorts = Pick<Repositories, 'candidates' | 'companies'>;

export type FunnelServiceOptions = DomainClock;

/**
 * The candidate funnel of a company: counts and conversion per stage, and stage moves. Give it
 * the unit of work's repositories: `buckets` reads the candidates and checks the company
 * (`NOT_FOUND` for an unknown one, ADR 0025); moves also record the transition and a
 * `candidate.stage_changed` event.
 *
 * @example
 * ```ts
 * const buckets = await uow.run((repos) =>
 *   new FunnelService(repos).buckets(companyId, { source: 'meta_lead_ad' }),
 * );
 * const moved = await uow.run((repos) =>
 *   new FunnelService(repos).moveCandidate({ candidateId, to: 'screening', requestId }),
 * );
 * ```
 */
export class FunnelService {
  private readonly candidates: CandidateRepository;
  private readonly companies: CompanyRepository | undefined;
  private readonly ports: FunnelPorts | undefined;
  private readonly clock: Required<DomainClock>;

  /** `ports`: the unit of work's repositories (or at least those `buckets` or `moveCandidate` use). */
  constructor(ports: FunnelReadPorts | FunnelPorts, options?: FunnelServiceOptions);
  /**
   * @deprecated Pass the unit of work's repositories, `new FunnelService(repos)`: a candidate
   * repository alone cannot tell an unknown company from one without candidates, so `buckets`
   * counts zeros for it instead of throwing `NOT_FOUND` (ADR 0025). Removed in the next major.
   */
  constructor(candidates: CandidateRepository, options?: FunnelServiceOptions);
  constructor(
    ports: CandidateRepository | FunnelReadPorts | FunnelPorts,
    options: FunnelServiceOptions = {},
  ) {
    if ('candidates' in ports) {
      this.ports = 'transitions' in ports && 'outbox' in ports ? ports : undefined;
      this.candidates = ports.candidates;
      this.companies = 'companies' in ports ? ports.companies : undefined;
    } else {
      this.ports = undefined;
      this.candidates = ports;
      this.companies = undefined;
    }
    this.clock = resolveClock(options);
  }

  /**
   * Counts per stage (done by the store) and conversion along the main path: zeros for a
   * company without candidates. Errors: `VALIDATION_FAILED` (a malformed id or filter),
   * `NOT_FOUND` (no company with this id).
   */
  async buckets(companyId: string, filter: FunnelFilter = {}): Promise<FunnelBuckets> {
    const id = parseInput('companyId', CompanyIdSchema, companyId);
    const validFilter = parseInput('funnel filter', FunnelFilterSchema, filter);
    if (this.companies) await requireCompany(this.companies, id);
    return summariseFunnel(id, await this.candidates.countByStage(id, validFilter));
  }

  /**
   * Moves a candidate to another stage, records the transition and a `candidate.stage_changed`
   * event. Errors: `ILLEGAL_STAGE_TRANSITION`, `NOT_FOUND`, `CONFLICT` (someone moved the
   * candidate concurrently, or the request id was used for a different move). A repeated
   * request id for the same move returns the candidate without moving it again.
   */
  async moveCandidate(command: MoveCandidateCommand): Promise<Candidate> {
    const { transitions, outbox } = this.requirePorts();
    const {
      candidateId,
      to,
      actor = 'system',
      requestId,
    } = parseInput('move command', MoveCandidateSchema, command);
    const candidate = await this.candidates.get(candidateId);
    if (!candidate) throw new NotFoundError('Candidate', candidateId);
    if (requestId !== undefined) {
      const earlier = await transitions.findByRequestId(candidate.companyId, requestId);
      if (earlier) {
        if (earlier.candidateId === candidateId && earlier.to === to) return candidate;
        throw new ConflictError(`request ${requestId} was already used for another move`, {
          context: { requestId, candidateId },
        });
      }
    }
    assertStageTransition(candidate.stage, to);
    const at = this.clock.now();
    const moved = await this.candidates.update({ ...candidate, stage: to, updatedAt: at });
    const transition: StageTransition = {
      id: this.clock.newId(),
      candidateId,
      companyId: candidate.companyId,
      from: candidate.stage,
      to,
      at,
      actor,
      ...(requestId === undefined ? {} : { requestId }),
    };
    await transitions.add([transition]);
    const event: DomainEvent = {
      id: this.clock.newId(),
      type: 'candidate.stage_changed',
      aggregateType: 'candidate',
      aggregateId: candidateId,
      companyId: candidate.companyId,
      occurredAt: at,
      payload: { from: candidate.stage, to, actor, transitionId: transition.id },
    };
    await outbox.append([event]);
    return moved;
  }

  private requirePorts(): FunnelPorts {
    if (!this.ports) {
      throw new DomainError(
        'moveCandidate records transitions and events: construct FunnelService with the unit of work repositories, e.g. uow.run((repos) => new FunnelService(repos).moveCandidate(...))',
        { code: 'MISCONFIGURED_USE_CASE' },
      );
    }
    return this.ports;
  }
}

/**
 * Turns per-stage counts into the funnel: zeros filled in, how many reached each stage of the
 * main path (exits excluded), and conversion between consecutive stages.
 */
export function summariseFunnel(companyId: string, stored: StageCounts): FunnelBuckets {
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
