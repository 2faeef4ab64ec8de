// Cold start of bootstrap() on the embedded PGlite default (issue #21 item 4) against a bare
// `new PGlite()` + `waitReady` measured in the same run: every contender in a fresh plain `node`
// process (bench/bootstrap-child.mjs), rounds interleaved with the order rotating, medians with
// every round; the verdict is the median of the per-round ratios. Then one process's phases,
// and 100 fresh migrated databases made one after the other with the snapshot and with initdb
// (BENCH_DATABASES=0 skips them). Target: bootstrap() ≤ 0.5× bare PGlite.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { median, quantile } from './support/stats.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./bootstrap-child.mjs', import.meta.url));
const TARGET = 0.5;

const CONTENDERS = {
  bare: 'bare PGlite: new PGlite() + waitReady',
  bootstrap: 'bootstrap(): snapshot, 32 MiB shared buffers (the default)',
  'bootstrap-128': 'bootstrap() from the snapshot, 128 MiB (PGlite default)',
  'bootstrap-initdb': 'bootstrap() before: initdb + migrations, 128 MiB',
} as const;
type Contender = keyof typeof CONTENDERS;

async function inChild(args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [child, ...args], {
    maxBuffer: 1 << 24,
    env: { ...process.env, BALTRA_LOG_LEVEL: 'error' },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

/** The cold-start table, the phases and the fresh-database figures, as printable lines. */
export async function benchBootstrap(rounds: number, databases: number): Promise<string[]> {
  const names = Object.keys(CONTENDERS) as Contender[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<
    Contender,
    number[]
  >;
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const order = [...names.slice(round % names.length), ...names.slice(0, round % names.length)];
    const times: Partial<Record<Contender, number>> = {};
    for (const name of order) times[name] = Number((await inChild([name])).ms);
    for (const name of names) samples[name].push(times[name] ?? Number.NaN);
    ratios.push((times.bootstrap ?? 0) / (times.bare ?? 1));
  }
  const bare = median(samples.bare);
  const lines = [
    `bootstrap() cold start on the in-memory PGlite default vs bare PGlite (fresh node processes, ${rounds} interleaved rounds, medians; from the child's first statement, imports included)`,
  ];
  for (const name of names) {
    const value = median(samples[name]);
    lines.push(
      `  ${CONTENDERS[name].padEnd(60)} ${ms(value).padStart(8)}  ${`${(value / bare).toFixed(2)}×`.padStart(6)}  (rounds: ${samples[name].map((s) => s.toFixed(0)).join(', ')})`,
    );
  }
  // The verdict is the median of the per-round ratios (each pair measured minutes apart at
  // most), which machine load drifting over the run moves far less than the medians' ratio.
  const ratio = median(ratios);
  lines.push(
    `  bootstrap() ÷ bare, per round: median ${ratio.toFixed(2)}× (${ratios.map((r) => r.toFixed(2)).join(', ')}); ` +
      `ratio of the medians ${(median(samples.bootstrap) / bare).toFixed(2)}×; target ≤ ${TARGET}× → ${ratio <= TARGET ? 'MET' : 'MISSED'}`,
  );

  const phases = await inChild(['profile']);
  lines.push(
    '',
    'Phases (one process, bench/bootstrap-child.mjs profile):',
    `  import PGlite + @baltra/sdk/postgres ${ms(Number(phases.importMs))} · compile pglite.wasm + initdb.wasm ${ms(Number(phases.wasmCompileMs))}`,
    `  new PGlite() with initdb ${ms(Number(phases.initdbStartMs))} · the 5 migrations ${ms(Number(phases.migrateMs))}`,
    `  from the snapshot: 128 MiB ${ms(Number(phases.snapshotStart128Ms))}, 32 MiB ${ms(Number(phases.snapshotStart32Ms))} · migrateToLatest check ${ms(Number(phases.migrateCheck32Ms))} (start then Kysely's Migrator: ${ms(Number(phases.snapshotStartThenMigratorMs))})`,
  );

  if (databases <= 0) return lines;
  lines.push(
    '',
    `${databases} fresh migrated in-memory databases, one after the other, each used once and closed (one process each):`,
  );
  for (const kind of ['snapshot', 'initdb'] as const) {
    const result = await inChild(['databases', String(databases), kind]);
    const each = result.each as number[];
    lines.push(
      `  ${kind === 'snapshot' ? 'snapshot, 32 MiB (bootstrap)' : 'initdb + migrations, 128 MiB'}: ` +
        `${(Number(result.totalMs) / 1000).toFixed(1)} s in all, median ${ms(median(each))}, p95 ${ms(quantile(each, 0.95))}, first ${ms(each[0] ?? 0)}, peak RSS ${Number(result.peakRssMb).toFixed(0)} MB`,
    );
  }
  return lines;
}
