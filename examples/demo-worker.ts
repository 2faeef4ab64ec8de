/**
 * Demo worker: bootstraps the SDK on the embedded database (PGlite) — or on PostgreSQL when
 * DATABASE_URL is set — migrates, seeds candidates for three companies, and prints each
 * company's funnel computed by the FunnelService through the container.
 *
 *   npm run demo
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run demo
 */
import { randomUUID } from 'node:crypto';
import {
  type Candidate,
  type Company,
  configureLogging,
  FUNNEL_STAGES,
  type FunnelBuckets,
  type FunnelStage,
} from '@baltra/sdk';
import { bootstrap, TOKENS } from '@baltra/sdk/container';

const COMPANIES: ReadonlyArray<Pick<Company, 'name' | 'tier'> & { candidates: number }> = [
  { name: 'Abarrotes La Esperanza', tier: 'enterprise', candidates: 240 },
  { name: 'Logística del Norte', tier: 'professional', candidates: 160 },
  { name: 'Café Central', tier: 'free', candidates: 90 },
];

/** How far candidates get, roughly, in frontline hiring: weights per final stage. */
const STAGE_WEIGHTS: ReadonlyArray<[FunnelStage, number]> = [
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

async function main(): Promise<void> {
  const logger = configureLogging();
  const started = performance.now();
  const app = await bootstrap();
  try {
    logger.info('demo worker started', { database: app.database });
    const uow = app.get(TOKENS.UnitOfWork);
    const random = seededRandom(2026);
    const companies: Company[] = COMPANIES.map(({ name, tier }) => ({
      id: randomUUID(),
      name,
      tier,
      createdAt: new Date(),
    }));

    await uow.run(async ({ companies: companyRepo, candidates }) => {
      for (const [index, company] of companies.entries()) {
        await companyRepo.add(company);
        for (let n = 0; n < (COMPANIES[index]?.candidates ?? 0); n += 1) {
          await candidates.add(fakeCandidate(company.id, n, random));
        }
      }
    });

    const funnel = app.get(TOKENS.FunnelService);
    const results = await Promise.all(companies.map((c) => funnel.buckets(c.id)));
    console.log(`\nFunnel buckets on ${app.database} (${companies.length} companies)\n`);
    console.log(renderTable(companies, results));
    logger.info('demo worker finished', {
      candidates: results.reduce((sum, b) => sum + b.total, 0),
      ms: Math.round(performance.now() - started),
    });
  } finally {
    await app.close();
  }
}

function fakeCandidate(companyId: string, n: number, random: () => number): Candidate {
  const createdAt = new Date(Date.UTC(2026, 9, 1) + Math.floor(random() * 45) * 86_400_000);
  return {
    id: randomUUID(),
    companyId,
    name: `Candidate ${n + 1}`,
    phone: `+52155${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
    source: random() < 0.8 ? 'meta_lead_ad' : 'referral',
    stage: pickStage(random()),
    createdAt,
    updatedAt: createdAt,
    version: 1,
  };
}

function pickStage(roll: number): FunnelStage {
  const total = STAGE_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
  let left = roll * total;
  for (const [stage, weight] of STAGE_WEIGHTS) {
    left -= weight;
    if (left < 0) return stage;
  }
  return 'applied';
}

function renderTable(companies: readonly Company[], results: readonly FunnelBuckets[]): string {
  const header = ['stage', ...companies.map((c) => c.name)];
  const rows: string[][] = FUNNEL_STAGES.map((stage) => [
    stage,
    ...results.map((b) => String(b.counts[stage])),
  ]);
  rows.push(['total', ...results.map((b) => String(b.total))]);
  rows.push([
    'applied → hired',
    ...results.map((b) => percent(b.reached.hired, b.reached.applied)),
  ]);
  const widths = header.map((_, col) =>
    Math.max(...[header, ...rows].map((r) => (r[col] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, col) =>
        col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0),
      )
      .join('  ');
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [
    line(header),
    rule,
    ...rows.slice(0, -2).map(line),
    rule,
    ...rows.slice(-2).map(line),
  ].join('\n');
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${((part / whole) * 100).toFixed(1)} %`;
}

/** Mulberry32: a tiny deterministic generator so every run seeds the same funnel shape. */
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

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
