// Running promtool (Debian package `prometheus`) from the tests.
import { spawnSync } from 'node:child_process';
import { describe, it } from 'vitest';

/** Exit status and interleaved stdout + stderr of one promtool run. */
export interface PromtoolRun {
  readonly status: number | null;
  readonly output: string;
}

/** Runs `promtool <args>` from `cwd`. */
export function promtool(args: readonly string[], cwd?: string): PromtoolRun {
  const result = spawnSync('promtool', args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (result.error !== undefined) return { status: null, output: String(result.error) };
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The version line of the promtool on PATH, or null when there is none. */
export function promtoolVersion(): string | null {
  const run = promtool(['--version']);
  return run.status === 0 ? (run.output.split('\n')[0] ?? '') : null;
}

/**
 * `describe` for suites that need promtool. Without it the suite is skipped with the reason in
 * its name; in CI (CI=true) it fails instead.
 */
export function describeWithPromtool(name: string, body: () => void): void {
  if (promtoolVersion() !== null) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs promtool', () => {
        throw new Error('no promtool on PATH: apt-get install prometheus');
      });
    });
  } else {
    describe.skip(`${name} [skipped: no promtool on PATH, apt-get install prometheus]`, body);
  }
}
