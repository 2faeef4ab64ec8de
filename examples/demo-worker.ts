/**
 * Demo worker: bootstraps the SDK on the embedded database (PGlite) — or on PostgreSQL when
 * DATABASE_URL is set — migrates, seeds applicants for three companies (one tenant each, on
 * three tiers), then queues DomainActions that move them through the funnel and runs them
 * with the Worker: one FIFO queue per tenant (each candidate's moves in order), tier-weighted
 * polling, one transaction per action keyed by its id. A few bad messages show where the
 * dead-letter queue and its reasons come in. Prints each company's funnel and the worker's
 * counters. The queues are in memory, or on Redis Streams with `--broker redis`
 * (RedisMessageQueue on BALTRA_REDIS_URL or REDIS_URL, keys of their own, removed at the end).
 * With BALTRA_METRICS_PORT or `--metrics-port`, it exposes Prometheus metrics on /metrics and
 * keeps serving them after the run until Ctrl-C (examples/demo-metrics.ts).
 *
 *   npm run demo
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run demo
 *   REDIS_URL=redis://127.0.0.1:6379 npm run demo -- --broker redis
 *   npm run demo -- --metrics-port 9464   # then: curl http://127.0.0.1:9464/metrics
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  type Candidate,
  type Company,
  configureLogging,
  createDomainAction,
  FUNNEL_PATH,
  FUNNEL_STAGES,
  type FunnelBuckets,
  FunnelService,
  type FunnelStage,
  FunnelStageSchema,
  type MessageQueue,
  type ReceivedMessage,
  toSqsQueueName,
} from '@baltra/sdk';
import { bootstrap, TOKENS } from '@baltra/sdk/container';
import { createRedisClient, RedisMessageQueue } from '@baltra/sdk/redis';
import { InMemoryMessageQueue } from '@baltra/sdk/testing';
import { defineActionHandler, readDeadLetterRecord, Worker } from '@baltra/sdk/worker';
import { z } from 'zod';
import { serveUntilInterrupted, startDemoMetrics } from './demo-metrics.js';

/** Where the demo's queues live: what the demo needs besides the `MessageQueue` port. */
interface DemoBroker {
  readonly name: string;
  readonly queue: MessageQueue;
  createQueue(name: string, deadLetterQueue: string): Promise<void>;
  /** Takes every message off a queue (the dead-letter queues at the end). */
  drain(name: string): Promise<readonly Pick<ReceivedMessage, 'attributes'>[]>;
  close(): Promise<void>;
}

const COMPANIES: ReadonlyArray<
  Pick<Company, 'name' | 'tier'> & { tenant: string; candidates: number }
> = [
  { name: 'Abarrotes La Esperanza', tenant: 'esperanza', tier: 'enterprise', candidates: 240 },
  { name: 'Logística del Norte', tenant: 'norte', tier: 'professional', candidates: 160 },
  { name: 'Café Central', tenant: 'cafe', tier: 'free', candidates: 90 },
];

/** How far candidates get, roughly, in frontline hiring: weights per final stage. */
const STAGE_WEIGHTS: ReadonlyArray<[FunnelStage, number]> = [
  ['applied', 30],
  ['screening', 18],
  ['interview_scheduled', 12],
  ['interviewed', 9],
  ['offered', 4],
  ['hired', 5],
  ['onboarded', 6],
  ['rejected', 11],
  ['withdrawn', 5],
];

/** The handler: one funnel move per action, idempotent by the action id. */
const moveCandidate = defineActionHandler({
  type: 'funnel.move_candidate',
  schema: z.object({ candidateId: z.uuid(), to: FunnelStageSchema }),
  async handle(data, { repositories, action }) {
    const moved = await new FunnelService(repositories).moveCandidate({
      ...data,
      actor: 'demo-worker',
      requestId: action.action_id,
    });
    return { stage: moved.stage };
  },
});

async function main(): Promise<void> {
  const logger = configureLogging();
  const started = performance.now();
  const { values } = parseArgs({
    options: {
      broker: { type: 'string', default: 'memory' },
      'metrics-port': { type: 'string' },
    },
  });
  const app = await bootstrap();
  const broker = await openBroker(values.broker ?? 'memory');
  const { queue } = broker;
  const metrics = await startDemoMetrics(app, queue, values['metrics-port']);
  try {
    logger.info('demo worker started', { database: app.database, broker: broker.name });
    const uow = app.get(TOKENS.UnitOfWork);
    const random = seededRandom(2026);
    const companies: Company[] = COMPANIES.map(({ name, tier }) => ({
      id: randomUUID(),
      name,
      tier,
      createdAt: new Date(),
    }));

    // Applicants arrive at `applied`; each gets a final stage and the moves that lead there.
    const moves: { company: number; candidateId: string; to: FunnelStage }[] = [];
    await uow.run(async ({ companies: companyRepo, candidates }) => {
      for (const [index, company] of companies.entries()) {
        await companyRepo.add(company);
        for (let n = 0; n < (COMPANIES[index]?.candidates ?? 0); n += 1) {
          const candidate = fakeCandidate(company.id, n, random);
          await candidates.add(candidate);
          for (const to of movesTo(pickStage(random()), random)) {
            moves.push({ company: index, candidateId: candidate.id, to });
          }
        }
      }
    });

    // One FIFO queue per tenant, `{domain}:{tenant}:{tier}` spelled the SQS way.
    const queues = COMPANIES.map(({ tenant, tier }) => {
      const name = toSqsQueueName({ domain: 'funnel', tenantId: tenant, tier }, { fifo: true });
      return { name, tier, deadLetterQueue: name.replace('.fifo', '-dlq.fifo') };
    });
    for (const { name, deadLetterQueue } of queues) {
      await broker.createQueue(name, deadLetterQueue);
    }
    metrics?.watch(queues);
    for (const move of moves) {
      const { tenant, tier } = COMPANIES[move.company] ?? { tenant: '', tier: 'free' as const };
      const action = createDomainAction({
        type: 'funnel.move_candidate',
        tenantId: tenant,
        tier,
        data: { candidateId: move.candidateId, to: move.to },
      });
      const outcome = await queue.send(queues[move.company]?.name ?? '', [
        {
          body: JSON.stringify(action),
          groupId: move.candidateId,
          deduplicationId: action.action_id,
        },
      ]);
      if (outcome.failed.length > 0)
        throw new Error(`queueing failed: ${JSON.stringify(outcome.failed)}`);
    }
    // Bad input never reaches a handler: it is dead-lettered with its reason.
    const free = queues[2]?.name ?? '';
    const illegal = createDomainAction({
      type: 'funnel.move_candidate',
      tenantId: 'cafe',
      data: { candidateId: moves[0]?.candidateId ?? randomUUID(), to: 'applied' },
    });
    const sent = await queue.send(free, [
      {
        body: '{"action_type": "funnel.move_candidate", truncated',
        groupId: 'bad-1',
        deduplicationId: 'bad-1',
      },
      {
        body: JSON.stringify({
          ...illegal,
          action_id: randomUUID(),
          action_type: 'funnel.unknown',
        }),
        groupId: 'bad-2',
        deduplicationId: 'bad-2',
      },
      { body: JSON.stringify(illegal), groupId: 'bad-3', deduplicationId: 'bad-3' },
    ]);
    if (sent.failed.length > 0) throw new Error(`queueing failed: ${JSON.stringify(sent.failed)}`);
    const expected = moves.length + 3;

    const worker = new Worker({
      queue,
      queues,
      handlers: [moveCandidate],
      unitOfWork: uow,
      concurrency: 16,
      waitTimeSeconds: 1,
    }).start();
    // Until every action is settled, or Ctrl-C: stop polling, finish what runs, hand back the rest.
    let interrupted = false;
    const interrupt = () => {
      interrupted = true;
    };
    process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
    while (!interrupted && worker.stats().succeeded + worker.stats().deadLettered < expected) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await worker.stop();

    const funnel = app.get(TOKENS.FunnelService);
    const results = await Promise.all(companies.map((c) => funnel.buckets(c.id)));
    console.log(
      `\nFunnel buckets on ${app.database}, queues on ${broker.name} (${companies.length} companies)\n`,
    );
    console.log(renderTable(companies, results));
    const stats = worker.stats();
    console.log(
      `\nWorker: ${stats.succeeded} actions applied, ${stats.retried} retried, ${stats.deadLettered} dead-lettered`,
    );
    for (const { deadLetterQueue } of queues) {
      for (const message of await broker.drain(deadLetterQueue)) {
        const record = readDeadLetterRecord(message);
        console.log(`  ${deadLetterQueue}: ${record?.reason} (${record?.error_code})`);
      }
    }
    logger.info('demo worker finished', {
      actions: stats.succeeded,
      deadLettered: stats.deadLettered,
      ms: Math.round(performance.now() - started),
    });
    if (metrics) await serveUntilInterrupted(metrics);
  } finally {
    await broker.close();
    await app.close();
  }
}

/** The queues in memory, or on Redis Streams (`--broker redis`). */
async function openBroker(kind: string): Promise<DemoBroker> {
  if (kind === 'memory') {
    const memory = new InMemoryMessageQueue();
    return {
      name: 'memory',
      queue: memory,
      async createQueue(name, deadLetterQueue) {
        memory.createQueue(name, { deadLetter: { queue: deadLetterQueue, maxReceiveCount: 10 } });
      },
      async drain(name) {
        return memory.drain(name);
      },
      async close() {
        memory.close();
      },
    };
  }
  if (kind !== 'redis') throw new Error(`--broker is memory or redis, not ${kind}`);
  const url = process.env.BALTRA_REDIS_URL ?? process.env.REDIS_URL;
  if (!url)
    throw new Error('--broker redis needs BALTRA_REDIS_URL or REDIS_URL (redis://host:port)');
  const redis = await createRedisClient({ url });
  // Keys of this run only, removed at the end: runs never see each other's messages.
  const keyPrefix = `baltra-demo:${randomUUID().slice(0, 8)}:`;
  const queue = new RedisMessageQueue(redis, { keyPrefix });
  return {
    name: 'Redis Streams',
    queue,
    async createQueue(name, deadLetterQueue) {
      await queue.createQueue(name, {
        deadLetter: { queue: deadLetterQueue, maxReceiveCount: 10 },
      });
    },
    async drain(name) {
      const drained: ReceivedMessage[] = [];
      for (;;) {
        const batch = await queue.receive(name);
        if (batch.length === 0) return drained;
        drained.push(...batch);
        await queue.delete(
          name,
          batch.map((message) => message.receiptHandle),
        );
      }
    },
    async close() {
      queue.close();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `{${keyPrefix}*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
      await redis.quit();
    },
  };
}

/** The legal moves from `applied` to `final`: along the main path, then out for an exit. */
function movesTo(final: FunnelStage, random: () => number): FunnelStage[] {
  const pathIndex = FUNNEL_PATH.indexOf(final as (typeof FUNNEL_PATH)[number]);
  if (pathIndex >= 0) return FUNNEL_PATH.slice(1, pathIndex + 1);
  const leaveAt = Math.floor(random() * 4);
  return [...FUNNEL_PATH.slice(1, leaveAt + 1), final];
}

function fakeCandidate(companyId: string, n: number, random: () => number): Candidate {
  const createdAt = new Date(Date.UTC(2026, 9, 1) + Math.floor(random() * 45) * 86_400_000);
  return {
    id: randomUUID(),
    companyId,
    name: `Candidate ${n + 1}`,
    phone: `+52155${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
    source: random() < 0.8 ? 'meta_lead_ad' : 'referral',
    stage: 'applied',
    createdAt,
    updatedAt: createdAt,
    version: 1,
  };
}

function pickStage(roll: number): FunnelStage {
  const total = STAGE_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
  let left = roll * total;
  for (const [stage, weight] of STAGE_WEIGHTS) {
    left -= weight;
    if (left < 0) return stage;
  }
  return 'applied';
}

function renderTable(companies: readonly Company[], results: readonly FunnelBuckets[]): string {
  const header = ['stage', ...companies.map((c) => c.name)];
  const rows: string[][] = FUNNEL_STAGES.map((stage) => [
    stage,
    ...results.map((b) => String(b.counts[stage])),
  ]);
  rows.push(['total', ...results.map((b) => String(b.total))]);
  rows.push([
    'applied → hired',
    ...results.map((b) => percent(b.reached.hired, b.reached.applied)),
  ]);
  const widths = header.map((_, col) =>
    Math.max(...[header, ...rows].map((r) => (r[col] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, col) =>
        col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0),
      )
      .join('  ');
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [
    line(header),
    rule,
    ...rows.slice(0, -2).map(line),
    rule,
    ...rows.slice(-2).map(line),
  ].join('\n');
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${((part / whole) * 100).toFixed(1)} %`;
}

/** Mulberry32: a tiny deterministic generator so every run seeds the same funnel shape. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
