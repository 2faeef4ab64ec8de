// The worker's own overhead on the in-memory queue (no-op handler, validation included) and
// its memory across 200,000 actions, each contender in a fresh process (bench/worker-child.ts).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { median } from './support/stats.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./worker-child.ts', import.meta.url));

interface ChildResult {
  perSecond: number;
  usPerMessage: number;
  rssGrowthMb: number;
  heapGrowthMb: number;
  rssAfterMb: number;
}

async function contender(mode: string, count: number): Promise<ChildResult> {
  const { stdout } = await run(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', child, mode, String(count)],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ChildResult;
}

export async function benchWorkerThroughput(count: number, rounds: number): Promise<string[]> {
  const sdk: ChildResult[] = [];
  const baseline: ChildResult[] = [];
  for (let round = 0; round < rounds; round += 1) {
    baseline.push(await contender('baseline', count));
    sdk.push(await contender('sdk', count));
  }
  const memory = await contender('memory', 200_000);
  const ours = median(sdk.map((r) => r.perSecond));
  const raw = median(baseline.map((r) => r.perSecond));
  return [
    `Worker overhead on the in-memory queue (${count.toLocaleString('en')} actions, no-op handler, median of ${rounds})`,
    `  hand-written receive → JSON.parse → no-op → delete loop: ${raw.toFixed(0)} actions/s (${(1e6 / raw).toFixed(1)} µs each)`,
    `  Worker (envelope + data validation, context, timeout, concurrency 64): ${ours.toFixed(0)} actions/s (${(1e6 / ours).toFixed(1)} µs each; target ≥ 50,000/s)`,
    `  ratio: ${(ours / raw).toFixed(2)}× the bare loop; the Worker adds ${(1e6 / ours - 1e6 / raw).toFixed(1)} µs per action`,
    `  memory over 200,000 actions after a 50,000 warm-up: RSS ${signed(memory.rssGrowthMb)} MB, heap ${signed(memory.heapGrowthMb)} MB (target ≤ 20 MB)`,
  ];
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;
}
