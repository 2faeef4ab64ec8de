// The demo worker with --metrics-port: after its run it serves the whole metric catalogue in
// the Prometheus text format (issue #13's "done when"), then stops on SIGINT.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { METRICS } from '@baltra/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from './support/parse-exposition.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let demo: ChildProcess | undefined;

afterEach(() => {
  if (demo?.exitCode === null) demo.kill('SIGKILL');
});

/** Resolves with the first line of the child's stdout that matches `pattern`. */
function lineMatching(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      seen += chunk;
      const match = pattern.exec(seen);
      if (match) resolve(match);
    });
    child.once('exit', (code) => reject(new Error(`demo exited (${code}) before: ${seen}`)));
  });
}

describe('npm run demo -- --metrics-port', () => {
  it('serves every catalogue metric on /metrics after its run, with the worker metrics filled in', async () => {
    // Prepare: the embedded database and in-memory queues, whatever the test run has.
    const env: NodeJS.ProcessEnv = { ...process.env, BALTRA_LOG_LEVEL: 'error' };
    for (const name of ['DATABASE_URL', 'BALTRA_DATABASE_URL', 'BALTRA_METRICS_PORT']) {
      delete env[name];
    }
    demo = spawn(
      process.execPath,
      ['--import', 'tsx', 'examples/demo-worker.ts', '--metrics-port', '0'],
      {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );

    // Act
    const [, url] = await lineMatching(demo, /Metrics at (http:\/\/\S+\/metrics)/);
    const response = await fetch(url as string);
    const exposition = parseExposition(await response.text());
    demo.kill('SIGINT');
    const [code] = await once(demo, 'exit');

    // Assess
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    for (const metric of Object.values(METRICS)) {
      expect(exposition.types.get(metric.name), metric.name).toBe(metric.kind);
    }
    expect(
      sampleValue(exposition, 'queue_message_consumed_total', {
        queue: 'funnel-esperanza-enterprise.fifo',
        outcome: 'success',
        tier: 'enterprise',
      }),
    ).toBeGreaterThan(0);
    expect(
      sampleValue(exposition, 'worker_actions_in_flight', { queue: 'funnel-cafe-free.fifo' }),
    ).toBe(0);
    expect(exposition.types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(code).toBe(0);
  }, 180_000);
});
