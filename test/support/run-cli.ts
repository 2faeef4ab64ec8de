// Runs the `baltra` CLI in tests: as users do, in a node process of its own (TypeScript
// through tsx), or in this process with its output captured.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type CliIo, runBaltraCli } from '../../src/bin/run-baltra-cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** What a finished run printed, and its exit code. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The node arguments that run `src/bin/baltra.ts` with `args`. */
function nodeArguments(args: readonly string[]): string[] {
  return ['--import', 'tsx', 'src/bin/baltra.ts', ...args];
}

/** Runs `baltra` in a node process of its own with exactly `env` and waits for it. */
export async function spawnBaltra(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, nodeArguments(args), {
      cwd: root,
      env,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/**
 * Starts `baltra` in a node process of its own (to watch its output or kill it); the caller
 * waits for {@link exited}.
 */
export function startBaltra(args: readonly string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, nodeArguments(args), { cwd: root, env, stdio: 'pipe' });
}

/** Resolves with the exit code (or the signal that ended it) of a started process. */
export function exited(child: ChildProcess): Promise<number | NodeJS.Signals> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else if (child.signalCode !== null) resolve(child.signalCode);
    else child.once('exit', (code, signal) => resolve(code ?? (signal as NodeJS.Signals)));
  });
}

/** Runs `baltra` in this process, capturing what it prints. */
export async function runInProcess(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  extra: Partial<Omit<CliIo, 'out' | 'err' | 'env'>> = {},
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runBaltraCli(args, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env,
    ...extra,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
