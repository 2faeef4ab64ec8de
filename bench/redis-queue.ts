// The Redis queue + Worker against BullMQ on the same redis-server (one the bench starts: a
// free loopback port, AOF with appendfsync everysec as a production server would run), no-op
// and 1 ms handlers, concurrency 32 and 64; each contender in a fresh process (its RSS its
// own), rounds interleaved, medians reported with every round. Target: ≥ 1.0× BullMQ.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { median } from './support/stats.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./redis-queue-child.ts', import.meta.url));

interface Sample {
  readonly perSecond: number;
  readonly peakRssMb: number;
}

async function contender(
  redisUrl: string,
  name: 'sdk' | 'bullmq',
  handlerMs: number,
  concurrency: number,
  count: number,
): Promise<Sample> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', child, name, String(handlerMs), String(concurrency), String(count)],
    { env: { ...process.env, REDIS_URL: redisUrl }, maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Sample;
}

export async function benchRedisQueue(
  redisUrl: string,
  count: number,
  rounds: number,
): Promise<string[]> {
  const lines = [
    `Redis queue + Worker vs BullMQ 6 on one redis-server (${count.toLocaleString('en')} DomainActions pre-filled, drain timed; same zod validation; median of ${rounds})`,
  ];
  for (const handlerMs of [0, 1]) {
    for (const concurrency of [32, 64]) {
      const samples: Record<'sdk' | 'bullmq', Sample[]> = { sdk: [], bullmq: [] };
      for (let round = 0; round < rounds; round += 1) {
        const order: ('sdk' | 'bullmq')[] = round % 2 ? ['bullmq', 'sdk'] : ['sdk', 'bullmq'];
        for (const name of order) {
          samples[name].push(await contender(redisUrl, name, handlerMs, concurrency, count));
        }
      }
      const rate = (name: 'sdk' | 'bullmq') => median(samples[name].map((s) => s.perSecond));
      const rss = (name: 'sdk' | 'bullmq') => median(samples[name].map((s) => s.peakRssMb));
      const list = (name: 'sdk' | 'bullmq') =>
        samples[name].map((s) => s.perSecond.toFixed(0)).join(', ');
      lines.push(
        `  ${handlerMs === 0 ? 'no-op' : `${handlerMs} ms`} handler, concurrency ${concurrency}: ` +
          `Worker ${rate('sdk').toFixed(0)} msg/s (peak RSS ${rss('sdk').toFixed(0)} MB) · ` +
          `BullMQ ${rate('bullmq').toFixed(0)} msg/s (peak RSS ${rss('bullmq').toFixed(0)} MB) · ` +
          `ratio ${(rate('sdk') / rate('bullmq')).toFixed(2)}× (rounds: Worker ${list('sdk')}; BullMQ ${list('bullmq')})`,
      );
    }
  }
  lines.push('  target: ≥ 1.0× BullMQ (stretch 1.2×)');
  return lines;
}
