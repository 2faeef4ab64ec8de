// `npm run bench -- sqs`: our Worker against sqs-consumer (the library most Node services use
// for this job) on moto_server, same handler (10 ms of simulated I/O), same concurrency (at
// most `concurrency` handlers at once for both), N messages each, rounds interleaved; once
// straight to moto_server and once through a loopback latency proxy that adds 15 ms to every
// call (bench/support/latency-proxy.ts), which is what a service in the same region as its
// queue sees and what makes pipelining, not moto's CPU, decide the result.
//
// sqs-consumer runs at most `batchSize` (≤ 10) handlers at once, waits for the whole batch,
// deletes message by message and polls again; for a concurrency above 10 it runs several
// consumers (what its users do), each with an equal share.
//
// moto_server's ReceiveMessage costs O(queue depth) (~0.45 ms per queued message on this
// machine), which would make both contenders measure moto rather than themselves; so a
// producer (straight to moto, not through the proxy) keeps about `BENCH_QUEUE_DEPTH` messages
// queued (default: 3 × the concurrency).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Consumer } from 'sqs-consumer';
import { z } from 'zod';
import { freePort } from '../test/support/free-port.js';
import { distUrl } from './support/dist-url.js';
import { startLatencyProxy } from './support/latency-proxy.js';
import { median } from './support/stats.js';

const { createDomainAction } = (await import(distUrl('index.js'))) as typeof import('@baltra/sdk');
const { ensureSqsQueue, SqsMessageQueue } = (await import(
  distUrl('infra/sqs/index.js')
)) as typeof import('@baltra/sdk/sqs');
const { silentLogger } = (await import(
  distUrl('infra/testing/index.js')
)) as typeof import('@baltra/sdk/testing');
const { defineActionHandler, Worker } = (await import(
  distUrl('infra/worker/index.js')
)) as typeof import('@baltra/sdk/worker');

const HANDLER_MS = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type Calls = Record<string, number>;
type Contender = (queueUrl: string, onHandled: () => void) => Promise<() => Promise<void>>;
type Name = 'sqsConsumer' | 'ours' | 'pipelined';
const NAMES: readonly Name[] = ['sqsConsumer', 'ours', 'pipelined'];

/** What one comparison runs: concurrency for both, and the proxy's delay (0: no proxy). */
export interface SqsBenchSetting {
  readonly concurrency: number;
  readonly delayMs: number;
}

export async function benchWorkerVsSqsConsumer(
  messages: number,
  rounds: number,
  settings: readonly SqsBenchSetting[],
): Promise<string[]> {
  const port = await freePort();
  const moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const motoUrl = `http://127.0.0.1:${port}`;
  const lines = [
    `SQS: Worker vs sqs-consumer 14 on moto_server (${messages.toLocaleString('en')} messages, ${HANDLER_MS} ms handler, median of ${rounds}, rounds interleaved; load average ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')})`,
  ];
  try {
    await waitForMoto(motoUrl);
    const producerClient = sqsClient(motoUrl);
    const producer = new SqsMessageQueue({ client: producerClient });
    for (const setting of settings) {
      const proxy =
        setting.delayMs > 0
          ? await startLatencyProxy({ upstream: motoUrl, delayMs: setting.delayMs })
          : undefined;
      try {
        lines.push(
          ...(await compareAt(setting, proxy?.url ?? motoUrl, producer, messages, rounds, () =>
            motoCpuSeconds(moto.pid),
          )),
        );
      } finally {
        await proxy?.close();
      }
    }
    producerClient.destroy();
  } finally {
    moto.kill();
  }
  return lines;
}

async function compareAt(
  { concurrency, delayMs }: SqsBenchSetting,
  endpoint: string,
  producer: InstanceType<typeof SqsMessageQueue>,
  messages: number,
  rounds: number,
  motoCpu: () => number,
): Promise<string[]> {
  const depth = Number(process.env.BENCH_QUEUE_DEPTH ?? 2 * concurrency + 30);
  const calls: Calls = {};
  const client = sqsClient(endpoint);
  client.middlewareStack.add(
    (next, context) => (args) => {
      const name = context.commandName ?? 'unknown';
      calls[name] = (calls[name] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'benchCallCounter' },
  );
  // One long poll per 10 handlers, plus two to hide the round trips (3 at 10, 6 at 32).
  const receiveConcurrency = Number(
    process.env.BENCH_RECEIVE_CONCURRENCY ?? Math.min(10, Math.ceil(concurrency / 10) + 2),
  );
  const plainQueue = new SqsMessageQueue({ client });
  const pipelinedQueue = new SqsMessageQueue({ client, receiveConcurrency });
  const body = JSON.stringify(
    createDomainAction({ type: 'bench.io', tenantId: 'acme', tier: 'enterprise', data: { n: 0 } }),
  );

  const worker =
    (queue: InstanceType<typeof SqsMessageQueue>): Contender =>
    async (queueUrl, onHandled) => {
      const worker = new Worker({
        queue,
        queues: [queueUrl.split('/').at(-1) ?? ''],
        handlers: [
          defineActionHandler({
            type: 'bench.io',
            schema: z.object({ n: z.number() }),
            async handle() {
              await sleep(HANDLER_MS);
              onHandled();
            },
          }),
        ],
        concurrency,
        waitTimeSeconds: 1,
        logger: silentLogger,
      }).start();
      return async () => {
        await worker.stop();
        await queue.releaseReadAhead();
      };
    };

  const theirs: Contender = async (queueUrl, onHandled) => {
    const count = Math.ceil(concurrency / 10);
    const consumers = Array.from({ length: count }, (_, index) => {
      const share = Math.floor(concurrency / count) + (index < concurrency % count ? 1 : 0);
      const consumer = Consumer.create({
        queueUrl,
        sqs: client,
        batchSize: share,
        waitTimeSeconds: 1,
        handleMessage: async (message) => {
          JSON.parse(message.Body ?? '{}');
          await sleep(HANDLER_MS);
          onHandled();
          return message;
        },
      });
      consumer.on('error', () => undefined);
      consumer.start();
      return consumer;
    });
    return async () => {
      for (const consumer of consumers) consumer.stop({ abort: true });
    };
  };

  const contenders: Record<Name, Contender> = {
    sqsConsumer: theirs,
    ours: worker(plainQueue),
    pipelined: worker(pipelinedQueue),
  };

  async function run(contender: Contender): Promise<Sample> {
    const name = `bench-${randomUUID().slice(0, 8)}`;
    const { queueUrl } = await ensureSqsQueue(client, name, { visibilityTimeoutSeconds: 30 });
    await plainQueue.queueUrl(name);
    await pipelinedQueue.queueUrl(name);
    for (const key of Object.keys(calls)) delete calls[key];
    let handled = 0;
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    const stop = await contender(queueUrl, () => {
      handled += 1;
      if (handled === messages) done();
    });
    const started = performance.now();
    const cpuBefore = { moto: motoCpu(), node: process.cpuUsage() };
    let sent = 0;
    while (sent < messages) {
      if (sent - handled >= depth) {
        await sleep(2);
        continue;
      }
      const size = Math.min(10, messages - sent);
      await producer.send(
        queueUrl,
        Array.from({ length: size }, () => ({ body })),
      );
      sent += size;
    }
    await finished;
    const seconds = (performance.now() - started) / 1000;
    const nodeCpu = process.cpuUsage(cpuBefore.node);
    const busy = {
      moto: (motoCpu() - cpuBefore.moto) / seconds,
      node: (nodeCpu.user + nodeCpu.system) / 1e6 / seconds,
    };
    await stop();
    // Deletes (ours batched behind a linger) may still be on their way when the last handler
    // returns; they belong to this run.
    await sleep(50);
    const perMessage = Object.fromEntries(
      Object.entries(calls).map(([call, count]) => [call, count / messages]),
    );
    return { rate: messages / seconds, callsPerMessage: perMessage, busy };
  }

  const samples: Record<Name, number[]> = { sqsConsumer: [], ours: [], pipelined: [] };
  const callSamples: Record<Name, Calls[]> = { sqsConsumer: [], ours: [], pipelined: [] };
  const busySamples: Record<Name, Sample['busy'][]> = { sqsConsumer: [], ours: [], pipelined: [] };
  for (let round = 0; round < rounds; round += 1) {
    const order = [...NAMES.slice(round % 3), ...NAMES.slice(0, round % 3)];
    for (const name of order) {
      const result = await run(contenders[name]);
      samples[name].push(result.rate);
      callSamples[name].push(result.callsPerMessage);
      busySamples[name].push(result.busy);
    }
  }
  client.destroy();
  const rate = (name: Name) => median(samples[name]);
  const fmt = (values: number[]) => values.map((value) => value.toFixed(0)).join(', ');
  const where = delayMs > 0 ? `through the latency proxy (+${delayMs} ms per call)` : 'no proxy';
  const line = (label: string, name: Name) =>
    `    ${label.padEnd(46)} ${rate(name).toFixed(0).padStart(5)} msg/s [${fmt(samples[name])}]  ${
      name === 'sqsConsumer' ? '      ' : `${(rate(name) / rate('sqsConsumer')).toFixed(2)}×`
    }  calls/msg ${describeCalls(callSamples[name])}  CPU moto ${percent(busySamples[name], 'moto')} node ${percent(busySamples[name], 'node')}`;
  const consumers = Math.ceil(concurrency / 10);
  return [
    `  ${where}, concurrency ${concurrency}, queue depth ~${depth}:`,
    line(
      `sqs-consumer (${consumers} × batchSize ${Math.ceil(concurrency / consumers)})`,
      'sqsConsumer',
    ),
    line('Worker, SqsMessageQueue defaults', 'ours'),
    line(`Worker, SqsMessageQueue receiveConcurrency ${receiveConcurrency}`, 'pipelined'),
  ];
}

/** Median calls per message over the rounds, by call, e.g. `0.31 (Receive 0.11, Delete 0.10 …)`. */
function describeCalls(rounds: readonly Calls[]): string {
  const names = [...new Set(rounds.flatMap((round) => Object.keys(round)))].sort();
  const parts = names.map((name) => {
    const value = median(rounds.map((round) => round[name] ?? 0));
    return { name: name.replace(/Command$/, '').replace(/Message/, ''), value };
  });
  const total = parts.reduce((sum, part) => sum + part.value, 0);
  return `${total.toFixed(2)} (${parts.map((part) => `${part.name} ${part.value.toFixed(2)}`).join(', ')})`;
}

interface Sample {
  readonly rate: number;
  readonly callsPerMessage: Calls;
  /** CPU seconds per second of the run: moto_server's, and this process's (Worker or sqs-consumer, proxy, producer). */
  readonly busy: { readonly moto: number; readonly node: number };
}

function percent(samples: readonly Sample['busy'][], of: 'moto' | 'node'): string {
  return `${(median(samples.map((sample) => sample[of])) * 100).toFixed(0)}%`;
}

/** CPU seconds moto_server (and its children, none) used so far, from /proc (Linux). */
function motoCpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of the file, 12 and 13 after "pid (comm) ".
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

function sqsClient(endpoint: string): SQSClient {
  return new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 3,
  });
}

async function waitForMoto(endpoint: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error('moto_server did not start');
}
