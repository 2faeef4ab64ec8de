// Lead ingestion through LeadIngestionService on PostgreSQL against one-row-per-statement
// inserts of the same leads; each contender runs in its own process so peak RSS is its own.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ratio } from './support/stats.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./lead-ingestion-child.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

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
  const { stdout } = await run(tsx, [child, mode, url, String(leads), String(batch)], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ChildResult;
}

export async function benchLeadIngestion(
  url: string,
  leads: number,
  baselineLeads: number,
): Promise<string[]> {
  const sdk = await contender('sdk', url, leads, 1000);
  const single = await contender('single-row', url, baselineLeads, 1000);
  const speedup = sdk.leadsPerSecond / single.leadsPerSecond;
  return [
    `## Lead ingestion on PostgreSQL (pages of 1,000)`,
    `sdk LeadIngestionService: ${sdk.leads.toLocaleString('en')} leads (${sdk.created.toLocaleString('en')} created) in ${(sdk.ms / 1000).toFixed(2)} s = ${Math.round(sdk.leadsPerSecond).toLocaleString('en')} leads/s, peak RSS ${sdk.maxRssMb.toFixed(0)} MB`,
    `one row per statement:    ${single.leads.toLocaleString('en')} leads in ${(single.ms / 1000).toFixed(2)} s = ${Math.round(single.leadsPerSecond).toLocaleString('en')} leads/s, peak RSS ${single.maxRssMb.toFixed(0)} MB`,
    `  target: ≥ 20,000 leads/s → ${Math.round(sdk.leadsPerSecond).toLocaleString('en')} ${sdk.leadsPerSecond >= 20_000 ? 'MET' : 'MISSED'}`,
    `  target: ≥ 10× one row per statement → ${ratio(speedup)} ${speedup >= 10 ? 'MET' : 'MISSED'}`,
    `  target: peak RSS ≤ 300 MB → ${sdk.maxRssMb.toFixed(0)} MB ${sdk.maxRssMb <= 300 ? 'MET' : 'MISSED'}`,
  ];
}
