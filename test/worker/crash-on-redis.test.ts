// The crash test of the worker runtime on Redis (issue #12 item 8), the same scenario as
// ./crash.test.ts: a worker process processing 2,000 actions that write to PostgreSQL is
// killed with SIGKILL at random moments and restarted, and once, between two of those kills,
// the redis-server itself is SIGKILLed and restarted under a running worker (AOF with
// appendfsync always). Afterwards every action has exactly one effect, none is lost, the queue
// is empty and the dead-letter queue holds exactly the poison messages. A redis-server of the
// test's own (RedisMessageQueue, ioredis) and the real PostgreSQL.
import { setTimeout as sleep } from 'node:timers/promises';
import { createDomainAction } from '@baltra/sdk';
import { expect, it } from 'vitest';
import { describeWithPostgres } from '../support/postgres.js';
import { describeWithRedis } from '../support/redis.js';
import { type DeadLetter, feedGradually, shuffled, until } from './support/crash-rig.js';
import { useRedisCrashRig } from './support/redis-crash-rig.js';
import { isAlive } from './support/worker-processes.js';

const GOOD = 1_980;
const THROWING = 10;
const INVALID = 10;
const KILLS = Number(process.env.CRASH_TEST_KILLS ?? 6);
/** The redis-server is killed while the worker started after this many worker kills runs. */
const REDIS_CRASH_AFTER = Math.floor(KILLS / 2);
/**
 * What a good action's handler sleeps before it writes (random, ms). Redis delivers at once,
 * unlike moto, so without it the first workers would empty the queue before the kills: with
 * 8 slots the workers settle at most ~160 actions a second, and the kills meet work in flight.
 */
const HANDLER_MS = { min: 20, max: 80 };

const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

describeWithRedis('Worker crash test on Redis', () => {
  describeWithPostgres(
    'SIGKILL at random moments, and the redis-server once (own redis-server + PostgreSQL)',
    () => {
      const rig = useRedisCrashRig();

      it('applies every action exactly once and dead-letters exactly the poison ones', async () => {
        // A backstop only: the worker dead-letters after 15 attempts with the reason.
        const queue = await rig.createQueue('crash', {
          visibilityTimeoutSeconds: 2,
          redriveAfter: 50,
        });
        // Prepare: 2,000 actions in random order; 20 of them poison.
        const actions = shuffled([
          ...Array.from({ length: GOOD }, (_, n) => ({
            type: 'crash.record',
            data: { n, sleepMs: randomInt(HANDLER_MS.min, HANDLER_MS.max) },
          })),
          ...Array.from({ length: THROWING }, (_, n) => ({ type: 'crash.poison', data: { n } })),
          ...Array.from({ length: INVALID }, (_, n) => ({
            type: 'crash.record',
            data: { n: `x${n}` },
          })),
        ]).map((spec) =>
          createDomainAction<Record<string, unknown>>({
            ...spec,
            tenantId: 'acme',
            tier: 'enterprise',
          }),
        );
        const throwingIds = new Set(
          actions.filter((a) => a.action_type === 'crash.poison').map((a) => a.action_id),
        );
        const invalidIds = new Set(
          actions.filter((a) => typeof a.data.n === 'string').map((a) => a.action_id),
        );
        const poisonIds = new Set([...throwingIds, ...invalidIds]);
        // No O(depth) receive on Redis: the feeder may run further ahead than on moto.
        const feeder = feedGradually(queue, actions, { ahead: 300, chunk: 50 });
        feeder.catch(() => undefined);

        // Act: kill the worker at random moments (and the server once), then let a last
        // worker finish the queue.
        const killedAfter: number[] = [];
        const depthAtKill: number[] = [];
        let redisCrash: { effectsBefore: number; survivor: number; restartedAt: number } | null =
          null;
        const started = Date.now();
        for (let kill = 0; kill < KILLS; kill += 1) {
          const worker = await queue.startWorker();
          if (kill === REDIS_CRASH_AFTER) {
            await sleep(randomInt(200, 700));
            const effectsBefore = await queue.effects();
            // Longer than a handler runs (≤ 80 ms), so whatever the worker commits after the
            // restart it received after the restart.
            await rig.crashRedis({ downMs: randomInt(1_000, 1_500) });
            redisCrash = { effectsBefore, survivor: worker.workerPid, restartedAt: Date.now() };
            const survivor = worker.workerPid;
            const restartedAt = redisCrash.restartedAt;
            // The worker that lived through the outage reconnects and commits new work.
            const reconnected = await until(
              async () =>
                (await queue.effectLog()).some(
                  (effect) => effect.pid === survivor && effect.at > restartedAt,
                ),
              { timeoutMs: 30_000, everyMs: 200 },
            );
            expect(reconnected).toBe(true);
          }
          await sleep(randomInt(300, 1_500));
          expect(worker.hasExited()).toBe(false);
          depthAtKill.push(await queue.depth());
          worker.child.kill('SIGKILL');
          await worker.exited;
          // The worker itself is gone, not a wrapper around it.
          expect(worker.workerPid).toBe(worker.child.pid);
          expect(isAlive(worker.workerPid)).toBe(false);
          killedAfter.push(await queue.effects());
        }
        const last = await queue.startWorker();
        await feeder;
        await until(
          async () => {
            if (process.env.CRASH_TEST_DEBUG) {
              process.stderr.write(
                `${((Date.now() - started) / 1000).toFixed(1)} s: ${await queue.effects()} effects, depth ${await queue.depth()}\n`,
              );
            }
            return (await queue.depth()) === 0;
          },
          { timeoutMs: 120_000, everyMs: 500 },
        );
        last.child.kill('SIGTERM');
        await last.exited;
        const seconds = (Date.now() - started) / 1000;

        // Assess: every kill met a queue with work in it, and the server crash happened.
        expect(depthAtKill.every((depth) => depth > 0)).toBe(true);
        expect(redisCrash).not.toBeNull();
        // One effect per good action, none twice, none lost.
        const applied = await queue.effectsByAction();
        // Actions applied on a later delivery: the kills did interrupt work in flight.
        const late = await queue.effectsOnRedelivery();
        const goodIds = new Set(actions.map((a) => a.action_id).filter((id) => !poisonIds.has(id)));
        const lost = [...goodIds].filter((id) => !applied.has(id));
        const duplicated = [...applied].filter(([, count]) => count !== 1);
        expect(lost).toEqual([]);
        expect(duplicated).toEqual([]);
        expect(applied.size).toBe(GOOD);
        expect([...applied.keys()].every((id) => goodIds.has(id))).toBe(true);
        expect(await queue.depth()).toBe(0);

        const dead = await queue.drainDeadLetters();
        const deadIds = new Set(dead.map((letter) => letter.actionId));
        expect(deadIds).toEqual(poisonIds);
        // Invalid data for what failed validation; the throwing ones for their repeated
        // failure: the worker's attempts, or the queue's redrive as a backstop.
        for (const letter of dead) {
          const expected = invalidIds.has(letter.actionId ?? '')
            ? ['invalid_data']
            : ['max_attempts_exceeded', 'max_receives_exceeded'];
          expect(expected).toContain(letter.reason);
        }

        console.info(
          `crash test on Redis: ${actions.length} actions, ${KILLS} SIGKILLs (effects committed before each: ${killedAfter.join(', ')}; queue depth at each: ${depthAtKill.join(', ')}), ` +
            `redis-server SIGKILLed and restarted after kill ${REDIS_CRASH_AFTER} (${redisCrash?.effectsBefore} effects before; the running worker reconnected), ` +
            `${applied.size} applied exactly once (${late} of them on a redelivery), ${lost.length} lost, ${duplicated.length} duplicated, ` +
            `${dead.length} dead letters (${deadIds.size} distinct, all poison: ${byReason(dead)}), ${seconds.toFixed(1)} s; ` +
            `last worker: ${last.output.at(-1)}`,
        );
      }, 240_000);
    },
  );
});

function byReason(letters: readonly DeadLetter[]): string {
  const counts = new Map<string, number>();
  for (const { reason } of letters) counts.set(`${reason}`, (counts.get(`${reason}`) ?? 0) + 1);
  return [...counts].map(([reason, count]) => `${count} ${reason}`).join(', ');
}
