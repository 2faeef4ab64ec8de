// `npm run bench`: every benchmark, each printed as ratios against a baseline measured in the
// same run. PostgreSQL benchmarks use DATABASE_URL, or a throwaway cluster like the tests.
// BENCH_QUICK=1 shrinks the data sets for a smoke run; BENCH_ONLY=import,worker,sqs,worker-postgres,redis-queue,redis-locks,postgres,ingestion,bootstrap,reporting
// picks, and so do names after `--` (`npm run bench -- bootstrap`) (BENCH_BEFORE_DIST=<an older
// dist/> adds the older Worker to worker-postgres).
import { randomUUID } from 'node:crypto';
import { KyselyUnitOfWork, migrateToLatest, openPostgres } from '@baltra/sdk/postgres';
import pg from 'pg';
import { packageEntries } from '../test/support/package-entries.js';
import { startThrowawayCluster } from '../test/support/throwaway-postgres.js';
import { benchAdminDashboard } from './admin-dashboard.js';
import { benchFunnelBuckets } from './funnel-buckets.js';
import { benchImportTime } from './import-time.js';
import { seedCandidates } from './support/seed-candidates.js';

const quick = process.env.BENCH_QUICK === '1';
const named = process.argv.slice(2);
const only = process.env.BENCH_ONLY?.split(',') ?? (named.length > 0 ? named : undefined);
const wants = (name: string) => !only || only.includes(name);

if (wants('import')) {
  benchImportTime(packageEntries(), quick ? 3 : 15);
}

if (wants('bootstrap')) {
  const { benchBootstrap } = await import('./bootstrap.js');
  const rounds = Number(process.env.BENCH_ROUNDS ?? (quick ? 3 : 9));
  const databases = Number(process.env.BENCH_DATABASES ?? (quick ? 10 : 100));
  console.log(`\n${(await benchBootstrap(rounds, databases)).join('\n')}`);
}

if (wants('worker')) {
  const { benchWorkerThroughput } = await import('./worker-throughput.js');
  console.log(
    `\n${(await benchWorkerThroughput(quick ? 20_000 : 100_000, quick ? 1 : 3)).join('\n')}`,
  );
}

if (wants('sqs')) {
  const { benchWorkerVsSqsConsumer } = await import('./worker-vs-sqs-consumer.js');
  const concurrencies = (process.env.BENCH_CONCURRENCY ?? '10,32').split(',').map(Number);
  const delays = (process.env.BENCH_DELAY_MS ?? '0,15').split(',').map(Number);
  const settings = delays.flatMap((delayMs) =>
    concurrencies.map((concurrency) => ({ concurrency, delayMs })),
  );
  const messages = Number(process.env.BENCH_MESSAGES ?? (quick ? 500 : 2_000));
  const rounds = Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 3));
  console.log(`\n${(await benchWorkerVsSqsConsumer(messages, rounds, settings)).join('\n')}`);
}

if (wants('worker-postgres')) {
  const cluster = process.env.DATABASE_URL ? undefined : await startThrowawayCluster();
  try {
    const { benchWorkerOnPostgres } = await import('./worker-postgres.js');
    const adminUrl = process.env.DATABASE_URL ?? cluster?.url ?? '';
    console.log(
      `\n${(await benchWorkerOnPostgres(adminUrl, quick ? 1_000 : 5_000, Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 3)))).join('\n')}`,
    );
  } finally {
    await cluster?.stop();
  }
}

if (wants('redis-queue')) {
  const { startRedisServer } = await import('../test/support/redis-server.js');
  const server = await startRedisServer({ appendfsync: 'everysec' });
  try {
    const { benchRedisQueue } = await import('./redis-queue.js');
    const count = Number(process.env.BENCH_MESSAGES ?? (quick ? 5_000 : 20_000));
    const rounds = Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 3));
    console.log(`\n${(await benchRedisQueue(server.url, count, rounds)).join('\n')}`);
  } finally {
    await server.stop();
  }
}

if (wants('redis-locks')) {
  const cluster = process.env.DATABASE_URL ? undefined : await startThrowawayCluster();
  try {
    const { benchRedisLocks } = await import('./redis-locks.js');
    const count = Number(process.env.BENCH_LOCKS ?? (quick ? 2_000 : 10_000));
    const rounds = Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 3));
    const url = process.env.DATABASE_URL ?? cluster?.url ?? '';
    console.log(`\n${(await benchRedisLocks(url, count, rounds)).join('\n')}`);
  } finally {
    await cluster?.stop();
  }
}

if (wants('reporting')) {
  const { benchReporting } = await import('./reporting.js');
  const pages = (process.env.BENCH_PAGES ?? '1,2,4,8').split(',').map(Number);
  console.log(`\n${(await benchReporting(quick ? 20 : 100, pages)).join('\n')}`);
}

if (wants('postgres')) {
  const cluster = process.env.DATABASE_URL ? undefined : await startThrowawayCluster();
  const adminUrl = process.env.DATABASE_URL ?? cluster?.url ?? '';
  const admin = new pg.Pool({ connectionString: adminUrl, max: 1 });
  const database = `baltra_bench_${randomUUID().slice(0, 8)}`;
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  try {
    const candidates = quick ? 50_000 : 1_000_000;
    const db = openPostgres({ connectionString: url.href, poolSize: 2 });
    await migrateToLatest(db);
    const pool = new pg.Pool({ connectionString: url.href, max: 2 });
    pool.on('error', () => undefined); // idle clients killed by DROP DATABASE … FORCE below
    const seeded = Date.now();
    const companies = await seedCandidates(pool, candidates, 10);
    console.log(
      `\n(seeded ${candidates.toLocaleString('en')} candidates in ${((Date.now() - seeded) / 1000).toFixed(1)} s)`,
    );
    const uow = new KyselyUnitOfWork(db);
    console.log(`\n${(await benchFunnelBuckets(db, uow, pool, companies, candidates)).join('\n')}`);
    console.log(`\n${(await benchAdminDashboard(uow, pool, companies, candidates)).join('\n')}`);
    await pool.end();
    await db.destroy();
  } catch (error) {
    console.error('PostgreSQL benchmarks failed:', error);
    process.exitCode = 1;
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    await cluster?.stop();
  }
}

if (wants('ingestion')) {
  // Lead ingestion: COPY (ours) against one row per statement, the unnest path and a raw COPY.
  const cluster = process.env.DATABASE_URL ? undefined : await startThrowawayCluster();
  const adminUrl = process.env.DATABASE_URL ?? cluster?.url ?? '';
  const admin = new pg.Pool({ connectionString: adminUrl, max: 1 });
  const database = `baltra_bench_${randomUUID().slice(0, 8)}`;
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  try {
    const { benchLeadIngestion } = await import('./lead-ingestion.js');
    const sizes = quick ? [10_000] : [100_000, 1_000_000];
    console.log(
      `\n${(await benchLeadIngestion(url.href, sizes, quick ? 2_000 : 20_000)).join('\n')}`,
    );
  } catch (error) {
    console.error('Lead ingestion benchmark failed:', error);
    process.exitCode = 1;
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    await cluster?.stop();
  }
}
