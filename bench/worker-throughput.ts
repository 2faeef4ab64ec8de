// The worker's own overhead on the in-memory queue (no-op handler, validation included) and
// its memory across 200,000 actions, each contender in a fresh plain-node process
// (bench/worker-child.mjs), rounds interleaved; reported as a ratio to the bare loop of the
// same run. BENCH_PROFILE=<dir> adds one profiled Worker run (`node --cpu-prof`) into <dir>.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { median } from './support/stats.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./worker-child.mjs', import.meta.url));
/** Issue #16: the Worker's throughput on the in-memory queue with a no-op handler. */
const TARGET_PER_SECOND = 150_000;

interface ChildResult {
  perSecond: number;
  usPerMessage: number;
  /** CPU time per action, all threads (GC included): steadier than wall time on a busy machine. */
  cpuUsPerMessage: number;
  rssGrowthMb: number;
  heapGrowthMb: number;
  rssAfterMb: number;
}

async function contender(mode: string, count: number, flags: string[] = []): Promise<ChildResult> {
  const { stdout } = await run(
    process.execPath,
    [...flags, '--expose-gc', child, mode, String(count)],
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
  const profileDir = process.env.BENCH_PROFILE;
  if (profileDir) await contender('sdk', count, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
  const ours = median(sdk.map((r) => r.perSecond));
  const raw = median(baseline.map((r) => r.perSecond));
  const ourCpu = median(sdk.map((r) => r.cpuUsPerMessage));
  const rawCpu = median(baseline.map((r) => r.cpuUsPerMessage));
  const verdict =
    ours >= TARGET_PER_SECOND
      ? 'target met'
      : `target missed by ${(TARGET_PER_SECOND - ours).toFixed(0)}/s (${((1 - ours / TARGET_PER_SECOND) * 100).toFixed(0)} %)`;
  return [
    `Worker overhead on the in-memory queue (${count.toLocaleString('en')} actions, no-op handler, median of ${rounds}, rounds interleaved)`,
    `  hand-written receive → JSON.parse → no-op → delete loop: ${raw.toFixed(0)} actions/s (${(1e6 / raw).toFixed(1)} µs each; CPU ${rawCpu.toFixed(1)} µs)`,
    `  Worker (envelope + data validation, context, timeout, concurrency 64): ${ours.toFixed(0)} actions/s (${(1e6 / ours).toFixed(1)} µs each; CPU ${ourCpu.toFixed(1)} µs); target ≥ ${TARGET_PER_SECOND.toLocaleString('en')}/s: ${verdict}`,
    `  ratio: ${(ours / raw).toFixed(2)}× the bare loop's throughput (CPU per action: ${(rawCpu / ourCpu).toFixed(2)}×); the Worker adds ${(1e6 / ours - 1e6 / raw).toFixed(1)} µs per action`,
    `  memory over 200,000 actions after a 50,000 warm-up: RSS ${signed(memory.rssGrowthMb)} MB, heap ${signed(memory.heapGrowthMb)} MB (target ≤ 20 MB)`,
    ...(profileDir ? [`  profile of one Worker run (node --cpu-prof): ${profileDir}`] : []),
  ];
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;
}
