// bootstrap() on its embedded default, in memory: started from the packaged PGlite snapshot
// (npm test builds it first) with 32 MiB of shared buffers, and just as correct as a database
// made with initdb and the migrations: the PGlite contract suites run on its unit of work.
import { type CoreSettings, isBaltraError, type Logger } from '@baltra/sdk';
import { type BaltraApp, bootstrap, TOKENS } from '@baltra/sdk/container';
import { openPglite } from '@baltra/sdk/postgres';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BALTRA_MIGRATIONS } from '../../src/infra/postgres/migrations.js';
import {
  lockManagerContract,
  persistenceContracts,
  useCaseContracts,
} from '../../src/infra/testing/index.js';

const settings: CoreSettings = {
  serviceName: 'bootstrap-pglite-test',
  environment: 'test',
  logLevel: 'error',
};
const NOT_USED = /^PGlite (snapshot not used|did not start from its snapshot)/;

function recordingLogger(): Logger & { debug: ReturnType<typeof vi.fn> } {
  const logger = {
    error: vi.fn(),
    warn: vi.fn(),
    info: vi.fn(),
    debug: vi.fn(),
    child: () => logger,
  };
  return logger;
}

const apps: BaltraApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

describe('bootstrap() on the in-memory PGlite default', () => {
  it('starts from the packaged snapshot, every migration recorded, 32 MiB of shared buffers', async () => {
    const logger = recordingLogger();
    const app = await bootstrap({ settings, redis: false, overrides: { logger } });
    apps.push(app);
    const db = app.get(TOKENS.Database);

    const { rows } = await sql<{ name: string }>`select name from baltra_migration`.execute(db);
    const buffers = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(db);

    expect(app.database).toBe('pglite');
    expect(rows.map((row) => row.name).sort()).toEqual(Object.keys(BALTRA_MIGRATIONS).sort());
    expect(buffers.rows[0]?.shared_buffers).toBe('32MB');
    const reasons = logger.debug.mock.calls.filter(([message]) => NOT_USED.test(message));
    expect(reasons).toEqual([]); // if this fails: `npm run build` writes dist/pglite-snapshot.*
  }, 120_000);

  it('starts an empty database, without the snapshot, when told not to migrate', async () => {
    const app = await bootstrap({ settings, redis: false, migrate: false });
    apps.push(app);

    const { rows } = await sql<{ present: boolean }>`
        select to_regclass('baltra_migration') is not null as present`.execute(
      app.get(TOKENS.Database),
    );

    expect(rows[0]?.present).toBe(false);
  }, 240_000);

  it('refuses shared buffers that are not a whole number of MiB', () => {
    const error = (() => {
      try {
        openPglite({ sharedBuffersMb: 0.5 });
      } catch (caught) {
        return caught;
      }
    })();

    expect(isBaltraError(error) && error.code).toBe('INVALID_OPTION');
  });
});

// The contract suites on the database bootstrap() gives by default.
const api = { describe, it, beforeAll, afterAll };
let shared: Promise<BaltraApp> | undefined;
const sharedApp = () => {
  shared ??= bootstrap({ settings, redis: false });
  return shared;
};
afterAll(async () => {
  await (await shared)?.close();
});
const unitOfWork = async () => ({ unitOfWork: (await sharedApp()).get(TOKENS.UnitOfWork) });
persistenceContracts('bootstrap() PGlite', unitOfWork, api);
useCaseContracts('bootstrap() PGlite', unitOfWork, api);
lockManagerContract(
  'bootstrap() PGlite',
  async () => ({ locks: (await sharedApp()).get(TOKENS.LockManager) }),
  api,
);
