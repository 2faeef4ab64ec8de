// The worker's bookkeeping on the real databases (issue #20): attempts recorded outside the
// handler's rolled-back transaction, and data PostgreSQL will never accept dead-lettered at
// once instead of retried. Runs on embedded PGlite and on the PostgreSQL server.
import { KyselyUnitOfWork } from '@baltra/sdk/postgres';
import { aCompany, anEvent } from '@baltra/sdk/testing';
import { actionKey, defineActionHandler, readDeadLetterRecord } from '@baltra/sdk/worker';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeWithPostgres, useTestDatabase } from '../support/postgres.js';
import { useSharedPglite, useSharedPostgres } from '../support/shared-databases.js';
import { useProcessTripwire } from './support/process-tripwire.js';
import { anAction, eventually, useWorkerHarness } from './worker-harness.js';

function bookkeepingCases(name: string, unitOfWork: () => Promise<KyselyUnitOfWork>): void {
  describe(`Worker bookkeeping on ${name}`, () => {
    useProcessTripwire();
    const harness = useWorkerHarness();

    it('dead-letters at once a handler whose data PostgreSQL refuses (SQLSTATE class 22: a NUL in text)', async () => {
      // Prepare (today: retried until maxReceiveCount as if it could succeed)
      let runs = 0;
      const addCompany = defineActionHandler({
        type: 'companies.add',
        schema: z.object({ name: z.string() }),
        async handle(data, { repositories }) {
          runs += 1;
          await repositories.companies.add(aCompany({ name: data.name }));
        },
      });
      await harness.send('jobs', anAction('companies.add', { name: 'Acme\u0000Corp' }));

      // Act
      const worker = harness.startWorker({
        handlers: [addCompany],
        unitOfWork: await unitOfWork(),
      });
      await eventually(() => worker.stats().deadLettered === 1, 10_000);

      // Assess
      expect(runs).toBe(1);
      const [dead] = harness.queue.drain('jobs-dlq');
      expect(dead && readDeadLetterRecord(dead)?.reason).toBe('non_retryable_error');
    });

    it('records a failed run outside its rolled-back transaction and dead-letters after maxAttempts', async () => {
      // Prepare
      const uow = await unitOfWork();
      const action = anAction('jobs.write_then_fail', {});
      const writeThenFail = defineActionHandler({
        type: 'jobs.write_then_fail',
        schema: z.object({}),
        async handle(_data, { repositories, action: current }) {
          await repositories.outbox.append([anEvent({ aggregateId: current.action_id })]);
          throw new Error('partner timed out');
        },
      });
      await harness.send('jobs', action);

      // Act
      const worker = harness.startWorker({
        handlers: [writeThenFail],
        unitOfWork: uow,
        maxAttempts: 2,
        retry: { baseSeconds: 1, maxSeconds: 1 },
      });
      await eventually(() => worker.stats().deadLettered === 1, 10_000);

      // Assess: two runs, both rolled back, both counted; the record is forgotten afterwards.
      const [dead] = harness.queue.drain('jobs-dlq');
      expect(dead && readDeadLetterRecord(dead)).toMatchObject({
        reason: 'max_attempts_exceeded',
        failures: 2,
        error_message: 'partner timed out',
      });
      const effects = await uow.run(({ outbox }) => outbox.pending(100));
      expect(effects.filter((entry) => entry.aggregateId === action.action_id)).toEqual([]);
      expect(await uow.run(({ attempts }) => attempts.get(actionKey(action)))).toEqual({
        failures: 0,
        interruptions: 0,
        crashes: 0,
      });
    });
  });
}

const pglite = useSharedPglite();
bookkeepingCases('PGlite', async () => new KyselyUnitOfWork((await pglite()).db));

describeWithPostgres('Worker bookkeeping (PostgreSQL server)', () => {
  const database = useTestDatabase();
  const postgres = useSharedPostgres(database);
  bookkeepingCases('PostgreSQL', async () => new KyselyUnitOfWork(await postgres()));
});
