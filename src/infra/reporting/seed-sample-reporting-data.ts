import type { AdSpendEntry } from '../../domain/models/ad-spend.js';
import type { Candidate, CandidateSource } from '../../domain/models/candidate.js';
import type { Company } from '../../domain/models/company.js';
import { FUNNEL_EXITS, FUNNEL_PATH, type FunnelStage } from '../../domain/models/funnel-stage.js';
import type { ReportingPeriod } from '../../domain/models/reporting-period.js';
import type { StageTransition } from '../../domain/models/stage-transition.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';

/** The demo's companies, with fixed ids so that `baltra report --company` can name them. */
export const SAMPLE_COMPANIES: readonly (Pick<Company, 'id' | 'name' | 'tier'> & {
  readonly candidates: number;
})[] = [
  {
    id: '6a1f0c9e-3b2d-4c5e-8f70-000000000001',
    name: 'Abarrotes La Esperanza',
    tier: 'enterprise',
    candidates: 240,
  },
  {
    id: '6a1f0c9e-3b2d-4c5e-8f70-000000000002',
    name: 'Logística del Norte',
    tier: 'professional',
    candidates: 160,
  },
  {
    id: '6a1f0c9e-3b2d-4c5e-8f70-000000000003',
    name: 'Café Central',
    tier: 'free',
    candidates: 90,
  },
];

/** The period the sample candidates applied in: October and November 2026 (UTC). */
export const SAMPLE_PERIOD: ReportingPeriod = {
  from: new Date('2026-10-01T00:00:00.000Z'),
  to: new Date('2026-12-01T00:00:00.000Z'),
};

const DAY_MS = 86_400_000;
/** How far candidates get, roughly, in frontline hiring (the demo's weights). */
const STAGE_WEIGHTS: readonly [FunnelStage, number][] = [
  ['applied', 30],
  ['screening', 18],
  ['interview_scheduled', 12],
  ['interviewed', 9],
  ['offered', 4],
  ['hired', 5],
  ['onboarded', 6],
  ['rejected', 11],
  ['withdrawn', 5],
];
const SOURCE_WEIGHTS: readonly [CandidateSource, number][] = [
  ['meta_lead_ad', 60],
  ['referral', 15],
  ['job_board', 15],
  ['walk_in', 10],
];
const CAMPAIGNS = ['Campaña cajeros', 'Campaña almacén', 'Campaña reparto'] as const;

/**
 * Seeds the demo's three companies with candidates who applied in {@link SAMPLE_PERIOD} and
 * moved through the funnel on realistic days (each move one to six days after the last), so a
 * report has hires and a time-to-hire spread. Candidates from Meta lead ads are attributed to
 * the company's campaigns of {@link sampleAdSpend} in turn, so cost per hire per campaign has
 * real numbers. Deterministic: the same rows on every run
 * (fixed company ids, seeded random), written in one unit of work. Fake people, no real PII.
 *
 * @example
 * ```ts
 * const app = await bootstrap();
 * await seedSampleReportingData(app.get(TOKENS.UnitOfWork));
 * ```
 */
export async function seedSampleReportingData(
  unitOfWork: UnitOfWork,
): Promise<{ companies: number; candidates: number; transitions: number }> {
  const random = seededRandom(2026);
  const uuid = () => seededUuid(random);
  let candidateCount = 0;
  let transitionCount = 0;
  await unitOfWork.run(async ({ companies, candidates, transitions }) => {
    for (const sample of SAMPLE_COMPANIES) {
      await companies.add({
        id: sample.id,
        name: sample.name,
        tier: sample.tier,
        createdAt: SAMPLE_PERIOD.from,
      });
      const campaigns = sampleCampaigns(sample.candidates);
      const people: Candidate[] = [];
      const moves: StageTransition[] = [];
      for (let n = 0; n < sample.candidates; n += 1) {
        const createdAt = new Date(
          SAMPLE_PERIOD.from.getTime() + Math.floor(random() * 61) * DAY_MS + 9 * 3_600_000,
        );
        const id = uuid();
        const final = pick(STAGE_WEIGHTS, random());
        let at = createdAt;
        let from: FunnelStage | null = null;
        const path = movesTo(final, random);
        for (const to of path) {
          if (from !== null) at = new Date(at.getTime() + (1 + Math.floor(random() * 6)) * DAY_MS);
          moves.push({
            id: uuid(),
            candidateId: id,
            companyId: sample.id,
            from,
            to,
            at,
            actor: 'sample',
          });
          from = to;
        }
        const person: Candidate = {
          id,
          companyId: sample.id,
          name: `Candidate ${n + 1}`,
          phone: `+52155${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
          source: pick(SOURCE_WEIGHTS, random()),
          stage: final,
          createdAt,
          updatedAt: at,
          version: 1,
        };
        // Meta leads come from the company's campaigns in turn (no random draw: the rest of the
        // sample stays as it was); other sources have no campaign.
        if (person.source === 'meta_lead_ad')
          person.campaignId = campaigns[n % campaigns.length] as string;
        people.push(person);
      }
      await candidates.addNew(people);
      await transitions.add(moves);
      candidateCount += people.length;
      transitionCount += moves.length;
    }
  });
  return {
    companies: SAMPLE_COMPANIES.length,
    candidates: candidateCount,
    transitions: transitionCount,
  };
}

/**
 * Daily ad spend of the sample companies' campaigns over {@link SAMPLE_PERIOD} in MXN, for an
 * `InMemoryAdSpendSource`: deterministic, larger companies spend more.
 *
 * @example
 * ```ts
 * const spend = new InMemoryAdSpendSource(sampleAdSpend());
 * ```
 */
export function sampleAdSpend(): Record<string, AdSpendEntry[]> {
  const random = seededRandom(15);
  const entries: Record<string, AdSpendEntry[]> = {};
  for (const sample of SAMPLE_COMPANIES) {
    const list: AdSpendEntry[] = [];
    const campaigns = sampleCampaigns(sample.candidates);
    for (let day = SAMPLE_PERIOD.from.getTime(); day < SAMPLE_PERIOD.to.getTime(); day += DAY_MS) {
      for (const campaignId of campaigns) {
        const pesos = sample.candidates * (2 + random() * 3);
        list.push({
          campaignId,
          day: new Date(day).toISOString().slice(0, 10),
          spend: { amountMinor: Math.round(pesos * 100), currency: 'MXN' },
        });
      }
    }
    entries[sample.id] = list;
  }
  return entries;
}

/** The campaigns of a sample company: three for the larger ones, two otherwise. */
function sampleCampaigns(candidates: number): readonly string[] {
  return CAMPAIGNS.slice(0, candidates > 100 ? 3 : 2);
}

/** The moves from `applied` (included, as the entry into the funnel) to a final stage. */
function movesTo(final: FunnelStage, random: () => number): FunnelStage[] {
  if ((FUNNEL_EXITS as readonly string[]).includes(final)) {
    const open = FUNNEL_PATH.slice(0, 4);
    const reachedIndex = Math.floor(random() * open.length);
    return [...open.slice(0, reachedIndex + 1), final];
  }
  return FUNNEL_PATH.slice(0, FUNNEL_PATH.indexOf(final as (typeof FUNNEL_PATH)[number]) + 1);
}

function pick<T>(weights: readonly [T, number][], roll: number): T {
  const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
  let left = roll * total;
  for (const [value, weight] of weights) {
    left -= weight;
    if (left < 0) return value;
  }
  return (weights[0] as [T, number])[0];
}

/** mulberry32: a small seeded generator, so the sample is the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function seededUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
