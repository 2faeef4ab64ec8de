// Cold import of the built entry points versus a bare `node` start, in fresh processes.
// Runs are interleaved so machine noise hits both sides alike; medians are compared.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const TARGET_MS = 150;

function timeProcess(args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export function runImportTime(entries) {
  const baseline = [];
  const samples = new Map(entries.map((entry) => [entry, []]));
  timeProcess(['-e', '0']); // warm the file-system cache for both sides
  for (let i = 0; i < RUNS; i += 1) {
    baseline.push(timeProcess(['-e', '0']));
    for (const entry of entries) {
      samples
        .get(entry)
        .push(timeProcess(['--input-type=module', '-e', `await import('${entry}')`]));
    }
  }
  const base = median(baseline);
  const rows = entries.map((entry) => {
    const ms = median(samples.get(entry));
    return { entry, medianMs: ms, addedMs: ms - base, ratio: ms / base };
  });
  return { runs: RUNS, baselineMs: base, rows, targetAddedMs: TARGET_MS };
}

export function printImportTime({ runs, baselineMs, rows, targetAddedMs }) {
  console.log(`\nCold import vs bare \`node -e 0\` (median of ${runs} fresh processes each)`);
  console.log(`baseline node -e 0: ${baselineMs.toFixed(1)} ms`);
  console.log(
    'entry'.padEnd(26),
    'median ms'.padStart(10),
    'added ms'.padStart(10),
    'ratio'.padStart(7),
  );
  for (const r of rows) {
    console.log(
      r.entry.padEnd(26),
      r.medianMs.toFixed(1).padStart(10),
      r.addedMs.toFixed(1).padStart(10),
      `${r.ratio.toFixed(2)}×`.padStart(7),
    );
  }
  const root = rows.find((r) => r.entry === '@baltra/sdk');
  if (root) {
    const ok = root.addedMs <= targetAddedMs;
    console.log(
      `target: @baltra/sdk adds ≤ ${targetAddedMs} ms → ${root.addedMs.toFixed(1)} ms ${ok ? 'MET' : 'MISSED'}`,
    );
  }
}
