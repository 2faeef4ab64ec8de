// Issue #20: the worker counts attempts (failed handler runs, recorded durably), not broker
// deliveries. Worker processes on moto_server (SQS) + the real PostgreSQL, killed or stopped the
// way an operator's platform does it:
// - crash loop: workers SIGKILLed within a second of starting, ten times in a row;
// - crash poison: a message whose handler takes the process down every time it runs;
// - rolling deploy: SIGTERM to the running worker while its successor starts, under load.
// Each ends with nothing lost, nothing applied twice, and no healthy action dead-lettered.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDomainAction, type DomainAction } from '@baltra/sdk';
import { expect, it } from 'vitest';
import { describeWithPostgres } from '../support/postgres.js';
import {
  type CrashQueue,
  type DeadLetter,
  feedGradually,
  shuffled,
  until,
  useCrashRig,
} from './support/crash-rig.js';
import { isAlive, type StopReport, type WorkerProcess } from './support/worker-processes.js';

const action = (type: string, data: Record<string, unknown>): DomainAction =>
  createDomainAction<Record<string, unknown>>({ type, data, tenantId: 'acme', tier: 'enterprise' });

const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

/**
 * Among `healthy`: lost (never applied), duplicated (applied more than once) and dead-lettered
 * (distinct actions; `healthyDead` has every copy); and every dead letter.
 */
async function tally(queue: CrashQueue, healthy: readonly DomainAction[]) {
  const applied = await queue.effectsByAction();
  const dead = await queue.drainDeadLetters();
  const healthyIds = new Set(healthy.map((a) => a.action_id));
  const healthyDead = dead.filter((letter) => healthyIds.has(letter.actionId ?? ''));
  const deadIds = new Set(healthyDead.map((letter) => letter.actionId));
  const lost = healthy.filter((a) => !applied.has(a.action_id));
  return {
    applied,
    dead,
    healthyDead,
    /** Dead-lettered healthy actions that had been applied all the same. */
    deadButApplied: [...deadIds].filter((id) => applied.has(id ?? '')).length,
    /** Lost actions that are not even in the dead-letter queue. */
    vanished: lost.filter((a) => !deadIds.has(a.action_id)).length,
    counts: {
      lost: lost.length,
      duplicated: [...applied.values()].filter((n) => n > 1).length,
      healthyDeadLettered: deadIds.size,
    },
  };
}

const byReason = (letters: readonly DeadLetter[]) =>
  letters.reduce<Record<string, number>>((counts, letter) => {
    const reason = letter.reason ?? '(sqs redrive)';
    counts[reason] = (counts[reason] ?? 0) + 1;
    return counts;
  }, {});

describeWithPostgres('Worker crash loops, crash poison and rolling deploys (issue #20)', () => {
  const rig = useCrashRig();

  it('a crash loop loses, repeats and dead-letters nothing', async () => {
    const KILLS = 10;
    const queue = await rig.createQueue('crash-loop', {
      visibilityTimeoutSeconds: 4,
      // SQS's own redrive is only a backstop, far above the worker's limit.
      redriveAfter: 100,
    });
    const actions = Array.from({ length: 3_000 }, (_, n) => action('crash.record', { n }));
    const env = {
      CONCURRENCY: '12',
      PREFETCH: '12',
      VISIBILITY_SECONDS: '4',
      MAX_ATTEMPTS: '4',
    };
    const feeder = feedGradually(queue, actions);
    const started = Date.now();

    // Act: ten workers SIGKILLed 100–1,000 ms after they start polling, then one that drains.
    const killedAfter: number[] = [];
    for (let kill = 0; kill < KILLS; kill += 1) {
      const worker = await queue.startWorker(env);
      await sleep(randomInt(100, 1_000));
      worker.child.kill('SIGKILL');
      await worker.exited;
      expect(worker.workerPid).toBe(worker.child.pid);
      expect(isAlive(worker.workerPid)).toBe(false);
      killedAfter.push(await queue.effects());
    }
    const last = await queue.startWorker(env);
    await feeder;
    const drained = await until(async () => (await queue.depth()) === 0, {
      timeoutMs: 120_000,
      everyMs: 500,
    });
    last.child.kill('SIGTERM');
    await last.exited;
    const seconds = (Date.now() - started) / 1000;

    // Assess.
    const { applied, dead, healthyDead, deadButApplied, vanished, counts } = await tally(
      queue,
      actions,
    );
    console.info(
      `crash loop: ${actions.length} actions, ${KILLS} SIGKILLs (effects before each: ${killedAfter.join(', ')}), ` +
        `${applied.size} applied (${await queue.effectsOnRedelivery()} on a redelivery), lost ${counts.lost} ` +
        `(${vanished} of them not in the DLQ either), duplicated ${counts.duplicated}, ` +
        `healthy dead-lettered ${counts.healthyDeadLettered} in ${healthyDead.length} copies ${JSON.stringify(byReason(dead))} ` +
        `(${deadButApplied} of them already applied; receive counts ${JSON.stringify(healthyDead.map((letter) => letter.receiveCount))}), ` +
        `${seconds.toFixed(1)} s; last worker: ${last.output.at(-1)}`,
    );
    expect(drained).toBe(true);
    expect(counts).toEqual({ lost: 0, duplicated: 0, healthyDeadLettered: 0 });
    expect(dead).toEqual([]);
  }, 200_000);

  it('a crash poison goes to the dead-letter queue as worker_crashed, blaming no one else', async () => {
    const MAX_CRASHES = 2;
    // Runs of a crash poison: its first delivery records nothing, its second is seen to have
    // been interrupted, then MAX_CRASHES runs alone.
    const MAX_RUNS = MAX_CRASHES + 2;
    const queue = await rig.createQueue('crash-poison', {
      visibilityTimeoutSeconds: 4,
      redriveAfter: 100,
    });
    const runsDir = await mkdtemp(join(tmpdir(), 'baltra-crash-poison-'));
    const runsLog = join(runsDir, 'runs.log');
    try {
      const healthy = Array.from({ length: 200 }, (_, n) =>
        action('crash.record', { n, sleepMs: randomInt(20, 100) }),
      );
      const poison = [action('crash.kill', { n: 0 }), action('crash.kill', { n: 1 })];
      // The poison early, so healthy work is waiting in the buffers of the workers it kills.
      const actions = [...shuffled([...healthy.slice(0, 40), ...poison]), ...healthy.slice(40)];
      const env = {
        CONCURRENCY: '4',
        PREFETCH: '8',
        VISIBILITY_SECONDS: '4',
        MAX_ATTEMPTS: '4',
        MAX_CRASHES: String(MAX_CRASHES),
        RUNS_LOG: runsLog,
      };
      const feeder = feedGradually(queue, actions, { ahead: 30, chunk: 10 });
      const started = Date.now();

      // Act: restart the worker whenever it dies, until everything is settled (bounded).
      let worker: WorkerProcess = await queue.startWorker(env);
      let deaths = 0;
      const settled = async () =>
        (await queue.effects()) + (await queue.deadLetterDepth()) >= actions.length &&
        (await queue.depth()) === 0;
      const deadline = Date.now() + 150_000;
      while (Date.now() < deadline && deaths <= 20) {
        if (worker.hasExited()) {
          deaths += 1;
          worker = await queue.startWorker(env);
        }
        if (await settled()) break;
        await sleep(200);
      }
      await feeder;
      worker.child.kill('SIGTERM');
      await worker.exited;
      const seconds = (Date.now() - started) / 1000;

      // Assess.
      const { dead, healthyDead, deadButApplied, vanished, counts } = await tally(queue, healthy);
      const poisonIds = poison.map((a) => a.action_id);
      const runs = (await readFile(runsLog, 'utf8').catch(() => '')).split('\n').filter(Boolean);
      const poisonLetters = poisonIds.map((id) => dead.find((letter) => letter.actionId === id));
      console.info(
        `crash poison: ${healthy.length} healthy + ${poison.length} poison, ${deaths} worker deaths, ` +
          `poison runs ${JSON.stringify(poisonIds.map((id) => runs.filter((run) => run === id).length))}, ` +
          `poison dead letters ${JSON.stringify(poisonLetters.map((l) => l && { reason: l.reason, receiveCount: l.receiveCount }))}, ` +
          `lost ${counts.lost} (${vanished} of them not in the DLQ either), duplicated ${counts.duplicated}, ` +
          `healthy dead-lettered ${counts.healthyDeadLettered} in ${healthyDead.length} copies ${JSON.stringify(byReason(healthyDead))} ` +
          `(${deadButApplied} of them already applied; receive counts ${JSON.stringify(healthyDead.map((l) => l.receiveCount))}), ` +
          `${seconds.toFixed(1)} s`,
      );
      expect(counts).toEqual({ lost: 0, duplicated: 0, healthyDeadLettered: 0 });
      expect(poisonLetters.map((letter) => letter?.reason)).toEqual([
        'worker_crashed',
        'worker_crashed',
      ]);
      expect(dead).toHaveLength(poison.length);
      for (const id of poisonIds) {
        // Each run took a worker down; after MAX_RUNS of them the message is not run again.
        expect(runs.filter((run) => run === id).length).toBeLessThanOrEqual(MAX_RUNS);
      }
      for (const letter of poisonLetters) {
        // Deliveries: its own crashed runs, the crashes of the other poison while it waited in
        // the same worker, and the delivery that dead-letters it.
        expect(letter?.receiveCount).toBeLessThanOrEqual(2 * MAX_RUNS + 1);
      }
      expect(deaths).toBe(runs.length);
    } finally {
      await rm(runsDir, { recursive: true, force: true });
    }
  }, 200_000);

  it('a rolling deploy under load hands back what the stopping worker never started', async () => {
    // A message a stopping worker kept would come back only after a minute: everything has to
    // settle within 40 s of the first deployment.
    const VISIBILITY = 60;
    const SETTLE_WITHIN_MS = 40_000;
    const queue = await rig.createQueue('rolling-deploy', {
      visibilityTimeoutSeconds: VISIBILITY,
      redriveAfter: 100,
    });
    const actions = Array.from({ length: 400 }, (_, n) =>
      action('crash.record', { n, sleepMs: randomInt(50, 200) }),
    );
    const env = {
      // Fewer handlers than receives can feed, and a deep buffer: a stopping worker always
      // holds messages it has not started.
      CONCURRENCY: '4',
      PREFETCH: '16',
      VISIBILITY_SECONDS: String(VISIBILITY),
      MAX_ATTEMPTS: '4',
      SHUTDOWN_TIMEOUT_MS: '10000',
    };
    // A backlog well beyond what a worker holds, so that it never waits for the feeder.
    const feeder = feedGradually(queue, actions, { ahead: 150 });

    // Act: two deployments, each a SIGTERM to the running worker and a new one at that moment.
    let worker = await queue.startWorker(env);
    const reports: (StopReport | undefined)[] = [];
    const deploys: number[] = [];
    for (const at of [100, 250]) {
      expect(await until(async () => (await queue.effects()) >= at, { timeoutMs: 60_000 })).toBe(
        true,
      );
      const stopping = worker;
      deploys.push(Date.now());
      stopping.child.kill('SIGTERM');
      worker = await queue.startWorker(env);
      await stopping.exited;
      reports.push(stopping.report());
    }
    await feeder;
    const firstDeploy = deploys[0] ?? 0;
    const finished = await until(async () => (await queue.depth()) === 0, {
      timeoutMs: Math.max(0, firstDeploy + SETTLE_WITHIN_MS - Date.now()),
      everyMs: 200,
    });
    const settledAfter = (Date.now() - firstDeploy) / 1000;
    worker.child.kill('SIGTERM');
    await worker.exited;

    // Assess.
    const { dead, counts } = await tally(queue, actions);
    // Redelivered actions and how long after the deployment before them they were applied.
    const waits = (await queue.effectLog())
      .filter((effect) => effect.receiveCount > 1)
      .map((effect) => (effect.at - (deploys.findLast((t) => t <= effect.at) ?? 0)) / 1000);
    console.info(
      `rolling deploy: ${actions.length} actions, stop reports ${JSON.stringify(reports.map((r) => r?.stopped))}, ` +
        `${finished ? 'settled' : 'NOT settled'} ${settledAfter.toFixed(1)} s after the first deploy (visibility ${VISIBILITY} s), ` +
        `${waits.length} applied on a redelivery (${waits.filter((w) => w > 10).length} of them more than 10 s after the deploy before, ` +
        `longest ${Math.max(0, ...waits).toFixed(1)} s), ` +
        `not applied ${counts.lost}, duplicated ${counts.duplicated}, dead-lettered ${dead.length} ${JSON.stringify(byReason(dead))}`,
    );
    // What the stopping workers never started was handed back at once: everything settled
    // well within one visibility timeout …
    expect(finished).toBe(true);
    expect(counts).toEqual({ lost: 0, duplicated: 0, healthyDeadLettered: 0 });
    expect(dead).toEqual([]);
    for (const report of reports) {
      expect(report?.stopped.drained).toBe(true);
    }
    // … and there was something to hand back (under load the buffers are full).
    expect(
      reports.reduce((sum, report) => sum + (report?.stopped.released ?? 0), 0),
    ).toBeGreaterThan(0);
  }, 150_000);
});
