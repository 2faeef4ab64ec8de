// Worker processes for the crash tests: spawns ./crash-worker.ts as a child process (tsx as a
// loader, not its CLI, so that the pid the test kills is the worker's own), waits for its
// `ready` line, and kills whatever is still running after each test.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

const script = fileURLToPath(new URL('./crash-worker.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** What a child printed when it was stopped with SIGTERM (see crash-worker.ts). */
export interface StopReport {
  readonly stopped: {
    readonly completed: number;
    readonly released: number;
    readonly drained: boolean;
  };
  readonly stats: Record<string, unknown>;
}

/** One running (or exited) worker process. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  /** The pid the worker printed: the same as `child.pid` (no wrapper process). */
  readonly workerPid: number;
  /** Its stdout, line by line. */
  readonly output: readonly string[];
  /** Resolves when the process has exited, however. */
  readonly exited: Promise<void>;
  hasExited(): boolean;
  /** The stop report it printed on SIGTERM, if it did. */
  report(): StopReport | undefined;
}

/** Starts worker processes with `env` added to this process's environment. */
export type StartWorker = (env: Readonly<Record<string, string>>) => Promise<WorkerProcess>;

/**
 * Call in a describe body: returns `start`, and SIGKILLs every worker still running after each
 * test (so a failing or timed-out test leaves no process behind).
 */
export function useWorkerProcesses(): StartWorker {
  const running = new Set<ChildProcess>();
  afterEach(async () => {
    const left = [...running];
    for (const child of left) child.kill('SIGKILL');
    await Promise.all(left.map(exitOf));
  });
  return (env) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    running.add(child);
    const exited = exitOf(child).then(() => {
      running.delete(child);
    });
    const output: string[] = [];
    return new Promise((resolve, reject) => {
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        output.push(...chunk.split('\n').filter(Boolean));
        const ready = output.find((line) => line.startsWith('ready '));
        if (ready === undefined) return;
        resolve({
          child,
          workerPid: Number(ready.slice(6)),
          output,
          exited,
          hasExited: () => child.exitCode !== null || child.signalCode !== null,
          report: () => {
            const line = output.findLast((entry) => entry.startsWith('{"stopped"'));
            return line === undefined ? undefined : (JSON.parse(line) as StopReport);
          },
        });
      });
      // 'close', not 'exit': its stdout has been read to the end by then.
      child.once('close', (code, signal) =>
        reject(new Error(`worker exited before it was ready (${code ?? signal})`)),
      );
    });
  };
}

/** Whether a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function exitOf(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}
