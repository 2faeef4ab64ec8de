// vitest globalSetup: gives the test files a moto_server (AWS SQS and Step Functions).
//
// - starts `moto_server -H 127.0.0.1 -p <free port>` (MOTO_PORT set to the same port, since
//   Step Functions' service integrations call back into the server on it), waits until
//   `GET /moto-api/` answers, turns state machine execution on, and kills it in teardown.
// - no server possible: in CI (CI=true) the run fails; elsewhere the moto suites are skipped
//   with a loud warning (tests see `inject('motoUrl') === null`).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from './free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the test moto_server, or null when there is none. */
    motoUrl: string | null;
    /** A directory for cross-file leases of moto regions (see test/support/moto.ts). */
    motoLeaseDir: string | null;
  }
}

const STARTUP_TIMEOUT_MS = 20_000;

export default async function setup(
  project: TestProject,
): Promise<(() => Promise<void>) | undefined> {
  let server: { url: string; stop(): Promise<void> };
  try {
    server = await startMoto();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.CI === 'true') {
      throw new Error(`moto_server is required in CI but could not be started: ${reason}`, {
        cause: error,
      });
    }
    const line = '!'.repeat(78);
    console.warn(
      `\n${line}\n!! No moto_server: the Step Functions test suites will be SKIPPED.\n` +
        `!! Reason: ${reason}\n!! Install moto[server] 5.2.1 so that moto_server is on PATH.\n${line}\n`,
    );
    project.provide('motoUrl', null);
    project.provide('motoLeaseDir', null);
    return undefined;
  }
  const leaseDir = await mkdtemp(join(tmpdir(), 'baltra-moto-'));
  project.provide('motoUrl', server.url);
  project.provide('motoLeaseDir', leaseDir);
  return async () => {
    await server.stop();
    await rm(leaseDir, { recursive: true, force: true });
  };
}

async function startMoto(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`moto_server exited with ${String(code)}: ${stderr.trim()}`)),
    );
  });
  exited.catch(() => undefined);
  try {
    await Promise.race([waitUntilUp(url), exited]);
    const config = await fetch(`${url}/moto-api/config`, {
      method: 'POST',
      body: JSON.stringify({ stepfunctions: { execute_state_machine: true } }),
    });
    if (!config.ok) throw new Error(`POST /moto-api/config answered ${config.status}`);
  } catch (error) {
    await kill(child);
    throw error;
  }
  return { url, stop: () => kill(child) };
}

async function waitUntilUp(url: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    try {
      const response = await fetch(`${url}/moto-api/`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`moto_server did not answer within ${STARTUP_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await gone;
  clearTimeout(timer);
}
