// Runs the doc examples marked <!-- run --> (see check-doc-examples.mjs, which calls it after the
// type-check): each block, its prelude included, is a module run by Node with tsx against the
// sources (`@baltra/sdk/*` through the tsconfig paths), in a clean environment — no
// DATABASE_URL, BALTRA_* or REDIS_URL, so `bootstrap()` takes the embedded default, PGlite —
// with a timeout. A block passes when it exits 0 on its own: an assertion that fails, an error,
// or a handle left open (a worker never stopped, an app never closed) fails it.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Time one block may take: a few seconds, PGlite's cold start most of it, more on a busy machine. */
export const RUN_TIMEOUT_MS = 60_000;

/** The environment of a run: the caller's, minus what would point the SDK at a server. */
export function cleanEnvironment(env = process.env) {
  const kept = Object.entries(env).filter(
    ([name]) => !/^(BALTRA_|DATABASE_URL$|REDIS_URL$|AWS_ENDPOINT|PG[A-Z]+$)/.test(name),
  );
  return { ...Object.fromEntries(kept), NODE_NO_WARNINGS: '1' };
}

/** Runs one module file; resolves with its exit code (null on timeout) and its output. */
function runFile(file, cwd, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd,
      env: cleanEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: signal === 'SIGKILL' ? null : code, output });
    });
  });
}

/**
 * Runs the given examples, a few at a time, and returns the failures:
 * `{ example, reason, output }` with `example` as passed in (`{ file, rel, line }`).
 */
export async function runExamples(examples, { cwd, timeoutMs = RUN_TIMEOUT_MS } = {}) {
  const failures = [];
  // Blocks that start the embedded database take longest: started first, they end no later.
  const slow = (example) => /\bbootstrap\(/.test(readFileSync(example.file, 'utf8'));
  const queue = [...examples.filter(slow), ...examples.filter((example) => !slow(example))];
  const worker = async () => {
    for (let example = queue.shift(); example; example = queue.shift()) {
      const { code, output } = await runFile(example.file, cwd, timeoutMs);
      if (code === 0) continue;
      const reason =
        code === null
          ? `did not finish within ${timeoutMs / 1000} s (a handle left open, or a server it waits for)`
          : `exited with code ${code}`;
      failures.push({ example, reason, output });
    }
  };
  await Promise.all(Array.from({ length: Math.max(2, availableParallelism()) }, worker));
  return failures;
}
