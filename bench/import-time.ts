// Cold import of the built entry points versus a bare `node` start, in fresh processes.
// Runs are interleaved so machine noise hits both sides alike; medians are compared.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './support/stats.js';

const root = fileURLToPath(new URL('../', import.meta.url));
/** Issue #16: what an entry may add to a bare `node -e 0`, median of the cold runs. */
const TARGET_ADDED_MS: Readonly<Record<string, number>> = {
  '@baltra/sdk': 50,
  '@baltra/sdk/container': 150,
};

function timeProcess(args: string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Prints, per entry point, the median cold-import time and what it adds to `node -e 0`. */
export function benchImportTime(entries: readonly string[], runs: number): void {
  const baseline: number[] = [];
  const samples = new Map<string, number[]>(entries.map((entry) => [entry, []]));
  timeProcess(['-e', '0']); // warm the file-system cache for both sides
  for (let i = 0; i < runs; i += 1) {
    baseline.push(timeProcess(['-e', '0']));
    for (const entry of entries) {
      samples
        .get(entry)
        ?.push(timeProcess(['--input-type=module', '-e', `await import('${entry}')`]));
    }
  }
  const base = median(baseline);
  console.log(`\n## Cold import vs bare \`node -e 0\` (median of ${runs} fresh processes each)`);
  console.log(`baseline node -e 0: ${base.toFixed(1)} ms`);
  console.log(
    `${'entry'.padEnd(28)}${'median ms'.padStart(10)}${'added ms'.padStart(10)}${'ratio'.padStart(8)}`,
  );
  for (const entry of entries) {
    const ms = median(samples.get(entry) ?? []);
    console.log(
      `${entry.padEnd(28)}${ms.toFixed(1).padStart(10)}${(ms - base).toFixed(1).padStart(10)}${`${(ms / base).toFixed(2)}×`.padStart(8)}`,
    );
    const target = TARGET_ADDED_MS[entry];
    if (target !== undefined) {
      const added = ms - base;
      console.log(
        `  target: adds ≤ ${target} ms → ${added.toFixed(1)} ms ${added <= target ? 'MET' : `MISSED by ${(added - target).toFixed(1)} ms`}`,
      );
    }
  }
}
