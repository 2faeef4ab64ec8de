import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ConflictError } from '../../src/domain/errors.js';
import type { Candidate } from '../../src/domain/models/candidate.js';
import type { FunnelStage } from '../../src/domain/models/funnel-stage.js';
import type { CandidateRepository } from '../../src/domain/ports/candidate-repository.js';
import type { Repositories } from '../../src/domain/ports/unit-of-work.js';
import { FunnelService } from '../../src/domain/services/funnel-service.js';
import { withIdempotency } from '../../src/domain/services/with-idempotency.js';
import type { BaltraDatabase } from '../../src/infra/postgres/database-schema.js';
import {
  KyselyUnitOfWork,
  type KyselyUnitOfWorkOptions,
} from '../../src/infra/postgres/kysely-unit-of-work.js';
import { migrateToLatest } from '../../src/infra/postgres/migrate-to-latest.js';
import { openPostgres } from '../../src/infra/postgres/open-postgres.js';
import { aCandidate, aCompany } from '../../src/infra/testing/factories.js';
import { describeWithPostgres, useTestDatabase } from '../support/postgres.js';

/** Resolves for everyone once `parties` callers have arrived. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return async () => {
    arrived += 1;
    if (arrived === parties) open();
    await opened;
  };
}

/** The candidate repository of `repos`, whose `get` waits at `wait` after reading. */
function readingThenWaiting(repos: Repositories, wait: () => Promise<void>): CandidateRepository {
  const { candidates } = repos;
  return {
    add: (candidate) => candidates.add(candidate),
    addNew: (list) => candidates.addNew(list),
    update: (candidate) => candidates.update(candidate),
    findByMetaLeadId: (companyId, leadId) => candidates.findByMetaLeadId(companyId, leadId),
    countByStage: (companyId, filter) => candidates.countByStage(companyId, filter),
    async get(id) {
      const candidate = await candidates.get(id);
      await wait();
      return candidate;
    },
  };
}

describeWithPostgres('concurrency on two real connections (PostgreSQL)', () => {
  const database = useTestDatabase();
  // Two pools: each unit of work below runs on its own server session.
  let first: Kysely<BaltraDatabase>;
  let second: Kysely<BaltraDatabase>;
  let admin: pg.Client;

  beforeAll(async () => {
    first = openPostgres({ connectionString: database.url, poolSize: 2 });
    second = openPostgres({ connectionString: database.url, poolSize: 2 });
    await migrateToLatest(first);
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await Promise.all([first?.destroy(), second?.destroy()]);
  });

  async function givenCandidate(): Promise<Candidate> {
    const company = aCompany();
    const candidate = aCandidate({ companyId: company.id });
    await new KyselyUnitOfWork(first).run(async ({ companies, candidates }) => {
      await companies.add(company);
      await candidates.add(candidate);
    });
    return candidate;
  }

  /** Moves the candidate in both sessions at once; both read it before either writes. */
  async function moveTwiceAtOnce(
    candidate: Candidate,
    targets: readonly [FunnelStage, FunnelStage],
    options: KyselyUnitOfWorkOptions = {},
  ) {
    const bothRead = barrier(2);
    const move = (db: Kysely<BaltraDatabase>, to: FunnelStage) =>
      new KyselyUnitOfWork(db, options).run((repos) =>
        new FunnelService({
          candidates: readingThenWaiting(repos, bothRead),
          transitions: repos.transitions,
          outbox: repos.outbox,
        }).moveCandidate({ candidateId: candidate.id, to, requestId: randomUUID() }),
      );
    return Promise.allSettled([move(first, targets[0]), move(second, targets[1])]);
  }

  async function storedState(candidateId: string) {
    return new KyselyUnitOfWork(first).run(async ({ candidates, transitions, outbox }) => ({
      candidate: await candidates.get(candidateId),
      transitions: await transitions.listByCandidate(candidateId),
      events: (await outbox.pending(10_000)).filter((e) => e.aggregateId === candidateId),
    }));
  }

  it.each([
    ['read committed', {}],
    ['repeatable read', { isolationLevel: 'repeatable read' }],
  ] as const)(
    'two moves of one candidate (%s): one winner, a typed CONFLICT for the other, no lost update',
    async (_level, options) => {
      const candidate = await givenCandidate();

      const results = await moveTwiceAtOnce(candidate, ['screening', 'rejected'], options);

      const won = results.filter(
        (r): r is PromiseFulfilledResult<Candidate> => r.status === 'fulfilled',
      );
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]?.reason).toBeInstanceOf(ConflictError);
      expect(lost[0]?.reason).toMatchObject({ code: 'CONFLICT' });
      const winner = won[0]?.value as Candidate;
      expect(winner.version).toBe(2);
      const stored = await storedState(candidate.id);
      expect(stored.candidate).toEqual(winner);
      expect(stored.transitions.map((t) => [t.from, t.to])).toEqual([['applied', winner.stage]]);
      expect(stored.events.map((e) => e.payload.to)).toEqual([winner.stage]);
    },
  );

  it('read committed: the loser learns both versions (expected 1, found 2)', async () => {
    const candidate = await givenCandidate();

    const results = await moveTwiceAtOnce(candidate, ['screening', 'screening']);

    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost?.reason).toMatchObject({
      context: { entity: 'Candidate', id: candidate.id, expected: 1, actual: 2 },
    });
  });

  /** Resolves once some session of the test database waits for a lock. */
  async function someoneWaitsForALock(): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const { rows } = await admin.query<{ waiting: string }>(
        `select count(*) as waiting from pg_stat_activity
         where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (Number(rows[0]?.waiting) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('no session started waiting for a lock');
  }

  it('a concurrent duplicate withIdempotency waits for the first, then replays its result: the work runs once', async () => {
    const key = `test:${randomUUID()}`;
    let runs = 0;
    let claimed!: () => void;
    const firstClaimed = new Promise<void>((resolve) => {
      claimed = resolve;
    });
    let finish!: () => void;
    const mayFinish = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const work = async () => {
      runs += 1;
      claimed();
      await mayFinish;
      return { runs, at: 'first' };
    };

    const one = withIdempotency(new KyselyUnitOfWork(first), key, work);
    await firstClaimed;
    const two = withIdempotency(new KyselyUnitOfWork(second), key, work);
    await someoneWaitsForALock(); // the duplicate is blocked on the key's unique index
    finish();
    const results = await Promise.all([one, two]);

    expect(runs).toBe(1);
    expect(results).toEqual([
      { result: { runs: 1, at: 'first' }, replayed: false },
      { result: { runs: 1, at: 'first' }, replayed: true },
    ]);
  });

  it('when the first run rolls back, the waiting duplicate claims the key and runs the work', async () => {
    const key = `test:${randomUUID()}`;
    let claimed!: () => void;
    const firstClaimed = new Promise<void>((resolve) => {
      claimed = resolve;
    });
    let fail!: () => void;
    const mayFail = new Promise<void>((resolve) => {
      fail = resolve;
    });

    const one = withIdempotency(new KyselyUnitOfWork(first), key, async () => {
      claimed();
      await mayFail;
      throw new Error('first run failed');
    }).catch((error: unknown) => error);
    await firstClaimed;
    const two = withIdempotency(new KyselyUnitOfWork(second), key, async () => 'second');
    await someoneWaitsForALock();
    fail();

    expect(await one).toMatchObject({ message: 'first run failed' });
    expect(await two).toEqual({ result: 'second', replayed: false });
  });

  it('with a lock_timeout on the session, a duplicate that waits too long gets a ConflictError', async () => {
    const key = `test:${randomUUID()}`;
    const impatient = openPostgres({
      connectionString: `${database.url}?options=-c%20lock_timeout%3D100`,
      poolSize: 1,
    });
    let claimed!: () => void;
    const firstClaimed = new Promise<void>((resolve) => {
      claimed = resolve;
    });
    let finish!: () => void;
    const mayFinish = new Promise<void>((resolve) => {
      finish = resolve;
    });

    try {
      const one = withIdempotency(new KyselyUnitOfWork(first), key, async () => {
        claimed();
        await mayFinish;
        return 'first';
      });
      await firstClaimed;
      const error = await withIdempotency(
        new KyselyUnitOfWork(impatient),
        key,
        async () => 'two',
      ).catch((e: unknown) => e);
      finish();

      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({
        context: { entity: 'IdempotencyKey', key, sqlState: '55P03' },
      });
      expect(await one).toEqual({ result: 'first', replayed: false });
    } finally {
      finish();
      await impatient.destroy();
    }
  });
});
