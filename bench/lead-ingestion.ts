// Lead ingestion on PostgreSQL: LeadIngestionService with candidates through COPY (ours) against
// three baselines of the same run — one row per statement (the floor), the service with the
// unnest batch insert (today's path before COPY) and one raw COPY of the candidate rows into an
// unlogged table without indexes (the limit). Each contender runs in its own process so its
// peak RSS is its own.
import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { ratio } from './support/stats.js';

const run = promisify(execFile);
const childSource = fileURLToPath(new URL('./lead-ingestion-child.ts', import.meta.url));
// The child runs as plain JavaScript under `node`: under tsx, the loader's worker thread alone
// adds ~50 MB to every process's peak RSS, which is not the SDK's.
const child = fileURLToPath(new URL('../.tmp/bench/lead-ingestion-child.mjs', import.meta.url));

interface ChildResult {
  leads: number;
  created: number;
  ms: number;
  leadsPerSecond: number;
  maxRssMb: number;
}

async function contender(
  mode: string,
  url: string,
  leads: number,
  batch: number,
): Promise<ChildResult> {
  const { stdout } = await run(process.execPath, [child, mode, url, String(leads), String(batch)], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ChildResult;
}

const TARGET_LEADS_PER_SECOND = 50_000;
const TARGET_RSS_MB = 200;

function line(name: string, result: ChildResult): string {
  return `${name.padEnd(34)} ${result.leads.toLocaleString('en').padStart(9)} leads (${result.created.toLocaleString('en')} created) in ${(result.ms / 1000).toFixed(2).padStart(6)} s = ${Math.round(result.leadsPerSecond).toLocaleString('en').padStart(7)} leads/s, peak RSS ${result.maxRssMb.toFixed(0)} MB`;
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

/**
 * @param sizes lead counts for today's path, ours and the limit (e.g. 100,000 and 1,000,000)
 * @param floorLeads leads for the one-row-per-statement floor (its rate does not depend on it)
 */
export async function benchLeadIngestion(
  url: string,
  sizes: readonly number[],
  floorLeads: number,
  batch = 1_000,
): Promise<string[]> {
  await build({
    entryPoints: [childSource],
    outfile: child,
    bundle: true,
    packages: 'external', // the SDK from dist/ (self-reference), pg from node_modules
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    logLevel: 'warning',
  });
  const lines = [
    `## Lead ingestion on PostgreSQL (pages of ${batch.toLocaleString('en')}; load average before: ${load()})`,
  ];
  const floor = await contender('single-row', url, floorLeads, batch);
  lines.push(line('floor: one row per statement', floor));
  for (const leads of sizes) {
    const today = await contender('unnest', url, leads, batch);
    const ours = await contender('copy', url, leads, batch);
    const limit = await contender('raw-copy', url, leads, batch);
    const whatIf = await contender('copy-all', url, leads, batch);
    const speed = ours.leadsPerSecond;
    lines.push(
      `### ${leads.toLocaleString('en')} leads`,
      line("today: service, bulkInsert 'unnest'", today),
      line("ours: service, bulkInsert 'copy'", ours),
      line('limit: raw COPY, unlogged, no index', limit),
      line('what-if: all three tables by COPY', whatIf),
      `  ours / floor ${ratio(speed / floor.leadsPerSecond)}, ours / today ${ratio(speed / today.leadsPerSecond)}, ours / raw COPY ${ratio(speed / limit.leadsPerSecond)}`,
      `  target ≥ ${TARGET_LEADS_PER_SECOND.toLocaleString('en')} leads/s → ${Math.round(speed).toLocaleString('en')} ${speed >= TARGET_LEADS_PER_SECOND ? 'MET' : `MISSED by ${Math.round(TARGET_LEADS_PER_SECOND - speed).toLocaleString('en')} (${((1 - speed / TARGET_LEADS_PER_SECOND) * 100).toFixed(0)} %)`}`,
      `  target peak RSS ≤ ${TARGET_RSS_MB} MB → ${ours.maxRssMb.toFixed(0)} MB ${ours.maxRssMb <= TARGET_RSS_MB ? 'MET' : `MISSED by ${(ours.maxRssMb - TARGET_RSS_MB).toFixed(0)} MB`}`,
    );
  }
  lines.push(`(load average after: ${load()})`);
  return lines;
}
