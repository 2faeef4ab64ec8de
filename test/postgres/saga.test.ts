import { PGlite } from '@electric-sql/pglite';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BaltraDatabase,
  KyselySagaStore,
  migrateToLatest,
  openPglite,
  openPostgres,
} from '../../src/infra/postgres/index.js';
import { sagaContract } from '../../src/infra/testing/index.js';
import { describeWithPostgres, useTestDatabase } from '../support/postgres.js';

const api = { describe, it, beforeAll, afterAll };

sagaContract(
  'PGlite',
  async () => {
    const client = await PGlite.create();
    const db = openPglite({ client });
    await migrateToLatest(db);
    return {
      store: new KyselySagaStore(db),
      close: async () => {
        await db.destroy();
        await client.close();
      },
    };
  },
  api,
);

describe('KyselySagaStore on PGlite', () => {
  let client: PGlite;
  let db: Kysely<BaltraDatabase>;
  beforeAll(async () => {
    client = await PGlite.create();
    db = openPglite({ client });
    await migrateToLatest(db);
  });
  afterAll(async () => {
    await db.destroy();
    await client.close();
  });

  it('serves listUnfinished from the partial index of unfinished sagas', async () => {
    const { rows } = await sql<{ indexdef: string }>`
      select indexdef from pg_indexes where indexname = 'sagas_unfinished_idx'`.execute(db);
    expect(rows[0]?.indexdef).toMatch(
      /\(updated_at, id\) WHERE \(status = ANY \(ARRAY\['running'::text, 'compensating'::text\]\)\)/,
    );
  });

  it('rejects a status outside the allowed ones', async () => {
    const store = new KyselySagaStore(db);
    const error = await store
      .create({
        id: 'bad',
        type: 't',
        status: 'lost' as never,
        input: null,
        completedSteps: [],
        compensatedSteps: [],
        failedCompensations: [],
        updatedAt: new Date(),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(await store.get('bad')).toBeNull();
  });
});

describeWithPostgres('PostgreSQL', () => {
  const database = useTestDatabase();
  sagaContract(
    'PostgreSQL',
    async () => {
      const db = openPostgres({ connectionString: database.url, poolSize: 4 });
      await migrateToLatest(db);
      return { store: new KyselySagaStore(db), close: () => db.destroy() };
    },
    api,
  );
});
