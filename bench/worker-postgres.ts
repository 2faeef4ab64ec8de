// The worker on the PostgreSQL path: each action one transaction (idempotency claim, an
// outbox row, the stored result) through the in-memory queue, against a hand-written loop
// doing the same transaction (the in-run baseline), each contender in a fresh process and a
// database of its own, rounds interleaved. With BENCH_BEFORE_DIST=<an older build's dist/>
// the older Worker runs too: the before/after of issue #20's bookkeeping (target: ≤ 5 %).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { median } from './support/stats.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./worker-postgres-child.ts', import.meta.url));

async function contender(
  adminUrl: string,
  mode: 'sdk' | 'bare',
  count: number,
  dist?: string,
): Promise<number> {
  const admin = new pg.Pool({ connectionString: adminUrl, max: 1 });
  const database = `baltra_bench_worker_${randomUUID().slice(0, 8)}`;
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  try {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', child, mode, String(count)],
      {
        env: { ...process.env, DATABASE_URL: url.href, ...(dist && { BENCH_DIST: dist }) },
        maxBuffer: 1 << 20,
      },
    );
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}').perSecond as number;
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}

export async function benchWorkerOnPostgres(
  adminUrl: string,
  count: number,
  rounds: number,
): Promise<string[]> {
  const before = process.env.BENCH_BEFORE_DIST;
  const samples: Record<string, number[]> = { bare: [], sdk: [], before: [] };
  for (let round = 0; round < rounds; round += 1) {
    const order = ['bare', 'sdk', ...(before ? ['before'] : [])];
    for (const name of round % 2 ? order.reverse() : order) {
      samples[name]?.push(
        name === 'before'
          ? await contender(adminUrl, 'sdk', count, before)
          : await contender(adminUrl, name as 'sdk' | 'bare', count),
      );
    }
  }
  const list = (values: number[] | undefined) => (values ?? []).map((v) => v.toFixed(0)).join(', ');
  const bare = median(samples.bare ?? []);
  const sdk = median(samples.sdk ?? []);
  const lines = [
    `Worker on PostgreSQL (${count.toLocaleString('en')} actions, one transaction each: claim, outbox row, result; concurrency 8; median of ${rounds})`,
    `  hand-written receive → transaction → delete loop: ${bare.toFixed(0)} actions/s`,
    `  Worker (attempts bookkeeping, fingerprint, deadline, settling): ${sdk.toFixed(0)} actions/s`,
    `  ratio: ${(sdk / bare).toFixed(2)}× the hand-written loop (rounds: loop ${list(samples.bare)}; Worker ${list(samples.sdk)})`,
  ];
  if (before) {
    const old = median(samples.before ?? []);
    lines.push(
      `  the Worker before issue #20 (${before}): ${old.toFixed(0)} actions/s (rounds: ${list(samples.before)}); now ${((sdk / old) * 100).toFixed(1)} % of it (target ≥ 95 %)`,
    );
  }
  return lines;
}
