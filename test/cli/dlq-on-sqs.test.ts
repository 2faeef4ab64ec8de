// `baltra dlq list|show|replay` end to end: the CLI in a node process of its own against
// moto_server (the AWS SDK's wire protocol), on dead letters the worker's own code wrote —
// including a replay killed in the middle that loses nothing and, run again, leaves the
// worker applying each action exactly once.
import { randomUUID } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { DomainAction } from '@baltra/sdk';
import { ensureSqsQueue, SqsMessageQueue } from '@baltra/sdk/sqs';
import { InMemoryUnitOfWork, silentLogger } from '@baltra/sdk/testing';
import {
  DEAD_LETTER_ATTRIBUTES,
  type DeadLetterReason,
  defineActionHandler,
  listDeadLetters,
  sendToDeadLetterQueue,
  Worker,
} from '@baltra/sdk/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { EXIT } from '../../src/bin/run-baltra-cli.js';
import { receiveAll } from '../dead-letters/dead-letter-tools-contract.js';
import { eventually } from '../support/eventually.js';
import { describeWithMoto, motoUrl } from '../support/moto.js';
import { exited, runInProcess, spawnBaltra, startBaltra } from '../support/run-cli.js';
import { anAction } from '../worker/worker-harness.js';

const REGION = 'ca-central-1';
const SECRET = 'moto-Secret-Key-0123456789';
const PII = { email: 'ana.lopez@example.com', phone: '+5215512345678' };

describeWithMoto('baltra dlq on SQS (moto_server)', () => {
  let client: SQSClient;
  let queue: SqsMessageQueue;
  const env = (): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH ?? '',
    AWS_REGION: REGION,
    AWS_ENDPOINT_URL: motoUrl() ?? '',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: SECRET,
  });

  beforeAll(() => {
    client = new SQSClient({
      endpoint: motoUrl() ?? '',
      region: REGION,
      credentials: { accessKeyId: 'test', secretAccessKey: SECRET },
      maxAttempts: 1,
    });
    queue = new SqsMessageQueue({ client });
  });
  afterAll(() => client.destroy());

  async function queues(): Promise<{ source: string; dlq: string }> {
    const source = `jobs-${randomUUID().slice(0, 8)}`;
    await ensureSqsQueue(client, source, {
      deadLetter: { queue: `${source}-dlq`, maxReceiveCount: 10 },
    });
    return { source, dlq: `${source}-dlq` };
  }

  async function deadLetter(
    source: string,
    reason: DeadLetterReason,
    action: DomainAction | string,
  ) {
    const body = typeof action === 'string' ? action : JSON.stringify(action);
    await sendToDeadLetterQueue(
      queue,
      `${source}-dlq`,
      {
        queue: source,
        messageId: randomUUID(),
        body,
        receiveCount: 1,
        attributes: { tenant: 'acme' },
      },
      reason,
      {
        code: reason === 'invalid_data' ? 'VALIDATION_FAILED' : 'MALFORMED_ACTION',
        message: 'bad input',
      },
      typeof action === 'string' ? {} : { actionId: action.action_id, tenantId: action.tenant_id },
    );
  }

  it('lists counts by reason and shows one message with its PII masked, printing no secret', async () => {
    // Prepare
    const { source, dlq } = await queues();
    const withPii = anAction('jobs.record', { email: PII.email, phone: PII.phone });
    await deadLetter(source, 'invalid_data', withPii);
    await deadLetter(source, 'invalid_data', anAction('jobs.record', { n: 2 }));
    await deadLetter(source, 'invalid_json', 'not json');
    await queue.send(dlq, [
      {
        body: JSON.stringify(anAction('jobs.old', {})),
        attributes: {
          [DEAD_LETTER_ATTRIBUTES.reason]: 'unknown_action_type',
          [DEAD_LETTER_ATTRIBUTES.errorCode]: 'MALFORMED_ACTION',
          [DEAD_LETTER_ATTRIBUTES.errorMessage]: 'No handler',
          [DEAD_LETTER_ATTRIBUTES.sourceQueue]: source,
          [DEAD_LETTER_ATTRIBUTES.receiveCount]: '1',
        },
      },
    ]);

    // Act
    const list = await spawnBaltra(['dlq', 'list', dlq], env());
    const json = await spawnBaltra(['dlq', 'list', dlq, '--json'], env());
    const show = await spawnBaltra(['dlq', 'show', dlq, '--id', withPii.action_id], env());

    // Assess
    expect(list.code).toBe(EXIT.ok);
    const lines = list.stdout.split('\n');
    expect(lines[0]).toBe(`${dlq}: 4 messages`);
    expect(lines.find((line) => line.startsWith('invalid_data '))).toMatch(
      /^invalid_data\s+2\s+\S+ \S+$/,
    );
    expect(lines.some((line) => /^unknown_action_type\s+1\s/.test(line))).toBe(true);
    expect(lines.some((line) => /^oldest\s+\d{4}-\d\d-\d\dT/.test(line))).toBe(true);
    expect(JSON.parse(json.stdout)).toMatchObject({
      queue: dlq,
      read: 4,
      complete: true,
      bySourceQueue: [{ sourceQueue: source, count: 4 }],
    });
    expect(show.code).toBe(EXIT.ok);
    expect(show.stdout).toMatch(/^reason\s+invalid_data$/m);
    expect(show.stdout).toMatch(
      new RegExp(`^action\\s+${withPii.action_id} \\(tenant acme\\)$`, 'm'),
    );
    expect(show.stdout).toContain('"email": "***e.com"');
    expect(show.stdout).toContain('tenant = acme');
    for (const output of [list, json, show]) {
      const printed = output.stdout + output.stderr;
      expect(printed).not.toContain(PII.email);
      expect(printed).not.toContain('5512345678');
      expect(printed).not.toContain(SECRET);
    }
  });

  it('replays one reason, a dry run first; refuses without a terminal and --yes; fails on a missing queue', async () => {
    // Prepare
    const { source, dlq } = await queues();
    const bad = [anAction('jobs.record', { n: 1 }), anAction('jobs.record', { n: 2 })];
    for (const action of bad) await deadLetter(source, 'invalid_data', action);
    await deadLetter(source, 'invalid_json', 'not json');

    // Act
    const refused = await spawnBaltra(['dlq', 'replay', dlq, '--to', source], env());
    const dry = await spawnBaltra(
      ['dlq', 'replay', dlq, '--to', source, '--reason', 'invalid_data', '--dry-run'],
      env(),
    );
    const afterDry = await listDeadLetters(queue, dlq, { peek: false });
    const real = await spawnBaltra(
      ['dlq', 'replay', dlq, '--to', source, '--reason', 'invalid_data', '--yes'],
      env(),
    );
    const missing = await spawnBaltra(
      ['dlq', 'list', `missing-${randomUUID().slice(0, 8)}`],
      env(),
    );

    // Assess
    expect(refused.code).toBe(EXIT.usage);
    expect(refused.stderr).toContain('baltra: dlq replay moves messages: pass --yes');
    expect(dry.code).toBe(EXIT.ok);
    expect(dry.stdout.split('\n').filter((line) => line.startsWith('would replay '))).toHaveLength(
      2,
    );
    expect(dry.stdout).toContain(
      `dry run: would replay 2 messages from ${dlq} to ${source}; 1 skipped`,
    );
    expect(afterDry.read).toBe(3);
    expect(real.code).toBe(EXIT.ok);
    expect(real.stdout).toContain(
      `replayed 2 messages from ${dlq} to ${source}; 1 skipped (other reasons), 0 failed`,
    );
    const replayed = await receiveAll(queue, source);
    expect(replayed.map((m) => JSON.parse(m.body).action_id).sort()).toEqual(
      bad.map((a) => a.action_id).sort(),
    );
    expect(
      replayed.every(
        (m) => m.attributes.tenant === 'acme' && !('baltra.dead_letter' in m.attributes),
      ),
    ).toBe(true);
    expect((await receiveAll(queue, dlq)).map((m) => m.body)).toEqual(['not json']);
    expect(missing.code).toBe(EXIT.failure);
    expect(missing.stderr).toMatch(/baltra: QUEUE_NOT_FOUND: the queue missing-\S+ does not exist/);
  });

  it('asks on a terminal and moves nothing when the answer is no', async () => {
    // Prepare
    const { source, dlq } = await queues();
    await deadLetter(source, 'invalid_data', anAction('jobs.record', { n: 1 }));
    const questions: string[] = [];
    const { PATH: _, ...vars } = env();

    // Act
    const result = await runInProcess(['dlq', 'replay', dlq, '--to', source], vars, {
      interactive: true,
      confirm: async (question) => {
        questions.push(question);
        return false;
      },
    });

    // Assess
    expect(result.code).toBe(EXIT.failure);
    expect(questions).toEqual([`Replay every message from ${dlq} (1 there) to ${source}? [y/N] `]);
    expect(result.err).toContain('replay cancelled, nothing moved');
    expect(await receiveAll(queue, dlq)).toHaveLength(1);
  });

  it('a replay killed mid-way loses nothing; run again, the worker applies each action exactly once', async () => {
    // Prepare
    const { source, dlq } = await queues();
    const actions = Array.from({ length: 120 }, (_, n) => anAction('jobs.record', { n }));
    for (let i = 0; i < actions.length; i += 25) {
      await Promise.all(
        actions.slice(i, i + 25).map((action) => deadLetter(source, 'non_retryable_error', action)),
      );
    }
    const all = actions.map((action) => action.action_id).sort();
    const actionIds = async (name: string) =>
      (await receiveAll(queue, name)).map(
        (message) => JSON.parse(message.body).action_id as string,
      );

    // Act: SIGKILL at the first progress line, while batches are still being moved.
    const child = startBaltra(
      ['dlq', 'replay', dlq, '--to', source, '--yes', '--visibility-timeout', '2'],
      env(),
    );
    let stderr = '';
    child.stdout?.resume();
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/^replay: \d+\/120 read/m.test(stderr)) child.kill('SIGKILL');
    });
    const ended = await exited(child);
    let inDlq: string[] = [];
    let inSource: string[] = [];
    // Batches the child held come back when their 2 s visibility timeout ends.
    for (let round = 0; round < 20; round += 1) {
      inDlq = await actionIds(dlq);
      inSource = await actionIds(source);
      if (new Set([...inDlq, ...inSource]).size === all.length) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const again = await spawnBaltra(['dlq', 'replay', dlq, '--to', source, '--yes'], env());
    const inSourceAfter = await actionIds(source);
    const applied = new Map<string, number>();
    const record = defineActionHandler({
      type: 'jobs.record',
      schema: z.object({ n: z.number() }),
      async handle(_data, { action }) {
        applied.set(action.action_id, (applied.get(action.action_id) ?? 0) + 1);
      },
    });
    const worker = new Worker({
      queue,
      queues: [source],
      handlers: [record],
      unitOfWork: new InMemoryUnitOfWork(),
      waitTimeSeconds: 1,
      logger: silentLogger,
    }).start();
    await eventually(() => worker.stats().succeeded === inSourceAfter.length, 60_000);
    await worker.stop({ timeoutMs: 2_000 });

    // Assess
    expect(ended).toBe('SIGKILL');
    expect(inDlq.length).toBeGreaterThan(0); // killed before the end
    expect(inSource.length).toBeGreaterThan(0); // after it moved some
    expect([...new Set([...inDlq, ...inSource])].sort()).toEqual(all);
    expect(again.code).toBe(EXIT.ok);
    expect(await actionIds(dlq)).toEqual([]);
    expect([...new Set(inSourceAfter)].sort()).toEqual(all);
    expect([...applied.keys()].sort()).toEqual(all);
    expect([...applied.values()].every((runs) => runs === 1)).toBe(true);
    expect(worker.stats().deadLettered).toBe(0);
  }, 120_000);
});
