// One contender of bench/bootstrap.ts in a fresh plain `node` process (no TypeScript loader,
// as a service starts); prints one JSON line. Times run from this module's first statement, so
// every import (the SDK, PGlite) is inside them. Loads the SDK from the build (BENCH_DIST).
//   bare              new PGlite() + waitReady (initdb)
//   bootstrap         bootstrap() on the in-memory PGlite default (the packaged snapshot)
//   bootstrap-128     bootstrap() from the snapshot with PGlite's 128 MiB of shared buffers
//   bootstrap-initdb  initdb + every migration, 128 MiB: what bootstrap() did before (#21)
//   profile           the phases of both paths, one after the other, in this process
//   databases <n> <snapshot|initdb>  n fresh migrated databases, one after the other: as
//                     bootstrap() makes them (snapshot, 32 MiB) or as before (initdb, 128 MiB)
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const start = performance.now();
const since = (from) => performance.now() - from;
const [mode = 'bare', count = '100', kind = 'snapshot'] = process.argv.slice(2);
const dist = (path) =>
  new URL(
    path,
    `file://${(process.env.BENCH_DIST ?? new URL('../dist/', import.meta.url).pathname).replace(/\/?$/, '/')}`,
  ).href;
const settings = { serviceName: 'bench', environment: 'test', logLevel: 'error' };
const print = (result) =>
  console.log(JSON.stringify({ ...result, peakRssMb: process.resourceUsage().maxRSS / 1024 }));

if (mode === 'bare') {
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = new PGlite();
  await pglite.waitReady;
  const ms = since(start);
  await pglite.close();
  print({ ms });
} else if (mode.startsWith('bootstrap')) {
  const database = {
    bootstrap: undefined,
    'bootstrap-128': { kind: 'pglite', sharedBuffersMb: 128 },
    'bootstrap-initdb': { kind: 'pglite', snapshot: false, sharedBuffersMb: 128 },
  }[mode];
  const { bootstrap } = await import(dist('infra/container/index.js'));
  const importMs = since(start);
  const app = await bootstrap({
    settings,
    redis: false,
    ...(database ? { database } : {}),
  });
  const ms = since(start);
  await app.close();
  print({ ms, importMs });
} else if (mode === 'databases') {
  const { KyselyUnitOfWork, migrateToLatest, openPglite } = await import(
    dist('infra/postgres/index.js')
  );
  const each = [];
  const began = performance.now();
  for (let i = 0; i < Number(count); i += 1) {
    const t = performance.now();
    const snapshot = kind === 'snapshot';
    const db = openPglite({ snapshot, sharedBuffersMb: snapshot ? 32 : 128 });
    await migrateToLatest(db);
    await new KyselyUnitOfWork(db).run(({ companies }) => companies.get(randomUUID()));
    await db.destroy();
    each.push(since(t));
  }
  print({ totalMs: since(began), each });
} else if (mode === 'profile') {
  print(await profile());
} else {
  throw new Error(`unknown mode ${mode}`);
}

/** Each phase of a cold start without and with the snapshot, timed apart. */
async function profile() {
  let t = performance.now();
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = dist('infra/postgres/index.js');
  const { migrateToLatest, openPglite, createMigrator } = await import(pglite);
  const importMs = since(t);
  const resolve = createRequire(import.meta.url).resolve;
  t = performance.now();
  await WebAssembly.compile(await readFile(resolve('@electric-sql/pglite/pglite.wasm')));
  await WebAssembly.compile(await readFile(resolve('@electric-sql/pglite/initdb.wasm')));
  const wasmCompileMs = since(t);
  t = performance.now();
  const fresh = await PGlite.create();
  const initdbStartMs = since(t);
  t = performance.now();
  await migrateToLatest(openPglite({ client: fresh }));
  const migrateMs = since(t);
  await fresh.close();
  const phases = { importMs, wasmCompileMs, initdbStartMs, migrateMs };
  for (const sharedBuffersMb of [128, 32]) {
    t = performance.now();
    const db = openPglite({ snapshot: true, sharedBuffersMb });
    await db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
    phases[`snapshotStart${sharedBuffersMb}Ms`] = since(t);
    t = performance.now();
    await migrateToLatest(db); // the check: every migration recorded, the Migrator not run
    phases[`migrateCheck${sharedBuffersMb}Ms`] = since(t);
    await db.destroy();
  }
  // Kysely's Migrator as the first statement on a snapshot: what the check saves.
  t = performance.now();
  const cold = openPglite({ snapshot: true, sharedBuffersMb: 32 });
  await createMigrator(cold).migrateToLatest();
  phases.snapshotStartThenMigratorMs = since(t);
  await cold.destroy();
  return phases;
}
