// Attempts, not deliveries (issue #20): an action is dead-lettered for failure only after
// `maxAttempts` failed runs of its handler, recorded outside the handler's transaction;
// deliveries that never ran it do not count; an action applied already is acknowledged,
// never dead-lettered; an action that kills its process is dead-lettered as worker_crashed
// after runs alone, and healthy actions beside it are never blamed.
import { InMemoryUnitOfWork } from '@baltra/sdk/testing';
import { actionKey, defineActionHandler, readDeadLetterRecord } from '@baltra/sdk/worker';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useProcessTripwire } from './support/process-tripwire.js';
import {
  anAction,
  eventually,
  type Harness,
  recordHandler,
  useWorkerHarness,
} from './worker-harness.js';

const record = recordHandler;

/** Receives every message of `jobs` and hands it back `times` times: deliveries, no runs. */
async function deliverWithoutRunning(harness: Harness, times: number): Promise<void> {
  for (let round = 0; round < times; round += 1) {
    const messages = await harness.queue.receive('jobs', { maxMessages: 10 });
    await harness.queue.changeVisibility(
      'jobs',
      messages.map((message) => ({ receiptHandle: message.receiptHandle, timeoutSeconds: 0 })),
    );
  }
}

describe('Worker: attempts, not deliveries', () => {
  useProcessTripwire();
  const harness = useWorkerHarness();

  it('runs an action delivered 7 times without ever running (a dying worker’s buffer), instead of dead-lettering it', async () => {
    // Prepare (today: max_receives_exceeded at once, never applied)
    const uow = new InMemoryUnitOfWork();
    await harness.send('jobs', anAction('jobs.record', { n: 1 }));
    await deliverWithoutRunning(harness, 7);

    // Act
    const worker = harness.startWorker({ handlers: [record], unitOfWork: uow, maxAttempts: 5 });
    await eventually(() => worker.stats().succeeded === 1);

    // Assess
    expect(worker.stats().deadLettered).toBe(0);
    expect(await uow.run(({ outbox }) => outbox.pending(10))).toHaveLength(1);
  });

  it('acknowledges an already-applied action redelivered past every limit, and never runs it again', async () => {
    // Prepare: applied once; a later delivery of the same message comes with receive count 9
    // and a record saying its runs crashed (today: dead-lettered without asking).
    const uow = new InMemoryUnitOfWork();
    const action = anAction('jobs.record', { n: 2 }, { callbackQueue: 'callbacks' });
    const first = harness.startWorker({ handlers: [record], unitOfWork: uow });
    await harness.send('jobs', action);
    await eventually(() => first.stats().succeeded === 1);
    await first.stop();
    harness.queue.drain('callbacks');
    const key = actionKey(action);
    await uow.run(({ attempts }) => attempts.begin(key, 'alone'));
    await uow.run(({ attempts }) => attempts.begin(key, 'alone'));
    await uow.run(({ attempts }) => attempts.begin(key, 'alone'));
    await harness.send('jobs', action);
    await deliverWithoutRunning(harness, 8);

    // Act
    const worker = harness.startWorker({ handlers: [record], unitOfWork: uow, maxDeliveries: 5 });
    await eventually(() => worker.stats().succeeded === 1);
    await worker.stop();

    // Assess: acknowledged as a replay, its stored result re-sent to the callback
    expect(worker.stats()).toMatchObject({ replayed: 1, deadLettered: 0 });
    expect(await uow.run(({ outbox }) => outbox.pending(10))).toHaveLength(1);
    const [callback] = harness.queue.drain('callbacks');
    expect(JSON.parse(callback?.body ?? '{}').data).toMatchObject({ ok: true, result: { n: 2 } });
    expect(await uow.run(({ attempts }) => attempts.get(key))).toMatchObject({ crashes: 0 });
  });

  it('dead-letters as worker_crashed an action whose runs alone never ended, with its counts', async () => {
    // Prepare: two runs alone that the process never finished (the store says so).
    const uow = new InMemoryUnitOfWork();
    const action = anAction('jobs.record', { n: 3 });
    const key = actionKey(action);
    await uow.run(({ attempts }) => attempts.begin(key, 'alone'));
    await uow.run(({ attempts }) => attempts.begin(key, 'alone'));
    await harness.send('jobs', action);
    await deliverWithoutRunning(harness, 3);

    // Act
    const worker = harness.startWorker({ handlers: [record], unitOfWork: uow, maxCrashes: 2 });
    await eventually(() => worker.stats().deadLettered === 1);

    // Assess
    const [dead] = harness.queue.drain('jobs-dlq');
    expect(dead && readDeadLetterRecord(dead)).toMatchObject({
      reason: 'worker_crashed',
      error_code: 'WORKER_CRASHED',
      crashes: 2,
      action_id: action.action_id,
    });
    expect(await uow.run(({ outbox }) => outbox.pending(10))).toEqual([]);
  });

  it('runs a suspect (an earlier run never ended) alone, then forgets it once it succeeds', async () => {
    // Prepare: the suspect's earlier run was left open; nine ordinary actions beside it.
    let running = 0;
    let busiestBesideSuspect = 0;
    let suspectRunning = false;
    const observed = defineActionHandler({
      type: 'jobs.observed',
      schema: z.object({ suspect: z.boolean() }),
      async handle(data) {
        running += 1;
        if (data.suspect) suspectRunning = true;
        if (suspectRunning) busiestBesideSuspect = Math.max(busiestBesideSuspect, running);
        await new Promise((resolve) => setTimeout(resolve, 30));
        if (data.suspect) suspectRunning = false;
        running -= 1;
      },
    });
    const uow = new InMemoryUnitOfWork();
    const suspect = anAction('jobs.observed', { suspect: true });
    await uow.run(({ attempts }) => attempts.begin(actionKey(suspect)));
    const others = Array.from({ length: 9 }, () => anAction('jobs.observed', { suspect: false }));
    await harness.send('jobs', suspect, ...others);
    await deliverWithoutRunning(harness, 1);

    // Act
    const worker = harness.startWorker({ handlers: [observed], unitOfWork: uow, concurrency: 10 });
    await eventually(() => worker.stats().succeeded === 10);

    // Assess
    expect(busiestBesideSuspect).toBe(1);
    expect(await uow.run(({ attempts }) => attempts.get(actionKey(suspect)))).toMatchObject({
      failures: 0,
      crashes: 0,
    });
  });

  it('honours a handler’s own maxAttempts, and maxReceiveCount as the deprecated name of maxAttempts', async () => {
    // Prepare
    let strictRuns = 0;
    let laxRuns = 0;
    const strict = defineActionHandler({
      type: 'jobs.strict',
      schema: z.object({}),
      maxAttempts: 1,
      async handle() {
        strictRuns += 1;
        throw new Error('downstream refused');
      },
    });
    const lax = defineActionHandler({
      type: 'jobs.lax',
      schema: z.object({}),
      async handle() {
        laxRuns += 1;
        throw new Error('downstream refused');
      },
    });
    await harness.send('jobs', anAction('jobs.strict', {}), anAction('jobs.lax', {}));

    // Act
    const worker = harness.startWorker({
      handlers: [strict, lax],
      maxReceiveCount: 2,
      retry: { baseSeconds: 1, maxSeconds: 1 },
    });
    await eventually(() => worker.stats().deadLettered === 2, 10_000);

    // Assess
    expect({ strictRuns, laxRuns }).toEqual({ strictRuns: 1, laxRuns: 2 });
    const reasons = harness.queue.drain('jobs-dlq').map((m) => readDeadLetterRecord(m)?.reason);
    expect(reasons).toEqual(['max_attempts_exceeded', 'max_attempts_exceeded']);
  });

  it('keeps counting attempts across deliveries without a unit of work (per process)', async () => {
    let runs = 0;
    const failing = defineActionHandler({
      type: 'jobs.failing',
      schema: z.object({}),
      async handle() {
        runs += 1;
        throw new Error('nope');
      },
    });
    await harness.send('jobs', anAction('jobs.failing', {}));

    const worker = harness.startWorker({
      handlers: [failing],
      maxAttempts: 3,
      retry: { baseSeconds: 1, maxSeconds: 1 },
    });
    await eventually(() => worker.stats().deadLettered === 1, 10_000);

    expect(runs).toBe(3);
  });
});
