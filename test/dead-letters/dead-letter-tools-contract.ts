// The dead-letter tools' contract, run on every broker (memory, SQS on moto, Redis): list,
// show and replay read what the worker writes, never lose a message, and a replayed action is
// applied once even when a replay died between its send and its delete.
import { randomUUID } from 'node:crypto';
import type { MessageQueue, ReceivedMessage } from '@baltra/sdk';
import { InMemoryUnitOfWork, silentLogger } from '@baltra/sdk/testing';
import {
  DEAD_LETTER_ATTRIBUTES,
  DeadLetterError,
  type DeadLetterReason,
  defineActionHandler,
  listDeadLetters,
  readDeadLetterRecord,
  replayDeadLetters,
  sendToDeadLetterQueue,
  showDeadLetter,
  Worker,
} from '@baltra/sdk/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { eventually } from '../support/eventually.js';
import { anAction } from '../worker/worker-harness.js';

/** One broker for the suite: its queue, how to create a queue on it, how to close it. */
export interface DeadLetterBroker {
  readonly queue: MessageQueue;
  createQueue(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Options every read of the suite uses: no long poll needed on a quiet test queue. */
export interface ContractOptions {
  /** `false`: read by receiving even where the adapter can peek. */
  readonly peek?: boolean;
  /** Long poll of reads and replays (SQS needs 1 to see an empty queue as empty). */
  readonly waitTimeSeconds?: number;
}

const PII = {
  email: 'ana.lopez@example.com',
  phone: '+5215512345678',
  national_id: 'LOMA800101HDFRRN09',
};

/** Every message of a queue, each once, made visible again afterwards (test reads only). */
export async function receiveAll(queue: MessageQueue, name: string): Promise<ReceivedMessage[]> {
  const all = new Map<string, ReceivedMessage>();
  for (;;) {
    const batch = await queue.receive(name, { waitTimeSeconds: 1, visibilityTimeoutSeconds: 60 });
    const fresh = batch.filter((message) => !all.has(message.messageId));
    for (const message of batch) all.set(message.messageId, message);
    if (fresh.length === 0) break;
  }
  const messages = [...all.values()];
  await queue.changeVisibility(
    name,
    messages.map(({ receiptHandle }) => ({ receiptHandle, timeoutSeconds: 0 })),
  );
  return messages;
}

export function deadLetterToolsContract(
  name: string,
  open: () => Promise<DeadLetterBroker>,
  options: ContractOptions = {},
): void {
  const read = { peek: options.peek ?? true, waitTimeSeconds: options.waitTimeSeconds ?? 0 };

  describe(`${name}: dead-letter tools`, () => {
    let broker: DeadLetterBroker;
    let queue: MessageQueue;

    beforeAll(async () => {
      broker = await open();
      queue = broker.queue;
    });
    afterAll(async () => {
      await broker.close();
    });

    async function queues(): Promise<{ source: string; dlq: string }> {
      const source = `jobs-${randomUUID().slice(0, 8)}`;
      await broker.createQueue(source);
      await broker.createQueue(`${source}-dlq`);
      return { source, dlq: `${source}-dlq` };
    }

    /** Dead-letters a message the way the worker does. */
    async function deadLetter(
      source: string,
      reason: DeadLetterReason,
      body: string,
      attributes: Record<string, string> = {},
      actionId?: string,
    ): Promise<void> {
      await sendToDeadLetterQueue(
        queue,
        `${source}-dlq`,
        {
          queue: source,
          messageId: randomUUID(),
          body,
          receiveCount: 2,
          attributes,
        },
        reason,
        {
          code: reason === 'invalid_data' ? 'VALIDATION_FAILED' : 'MALFORMED_ACTION',
          message: `bad: ${PII.email}`,
        },
        actionId === undefined ? {} : { actionId, tenantId: 'acme' },
      );
    }

    it('lists counts by reason, error code and source, samples and ages, and leaves every message visible', async () => {
      // Prepare
      const { source, dlq } = await queues();
      await deadLetter(source, 'invalid_json', 'not json');
      await deadLetter(source, 'invalid_json', '{');
      for (let i = 0; i < 3; i += 1) {
        const action = anAction('jobs.record', { n: i });
        await deadLetter(source, 'invalid_data', JSON.stringify(action), {}, action.action_id);
      }
      const started = Date.now();

      // Act
      const summary = await listDeadLetters(queue, dlq, {
        ...read,
        now: () => new Date(started + 60_000),
      });

      // Assess
      expect(summary).toMatchObject({ queue: dlq, read: 5, complete: true });
      expect(summary.byReason.map(({ reason, count }) => [reason, count])).toEqual([
        ['invalid_data', 3],
        ['invalid_json', 2],
      ]);
      expect(summary.byReason[0]?.sampleIds).toHaveLength(3);
      expect(summary.byErrorCode).toEqual([
        { errorCode: 'VALIDATION_FAILED', count: 3 },
        { errorCode: 'MALFORMED_ACTION', count: 2 },
      ]);
      expect(summary.bySourceQueue).toEqual([{ sourceQueue: source, count: 5 }]);
      expect(summary.oldest?.ageSeconds).toBeGreaterThanOrEqual(50);
      expect(summary.newest?.deadLetteredAt.getTime()).toBeGreaterThanOrEqual(
        summary.oldest?.deadLetteredAt.getTime() ?? Number.POSITIVE_INFINITY,
      );
      expect(await receiveAll(queue, dlq)).toHaveLength(5);
    });

    it('lists and shows messages dead-lettered by older workers (six baltra.* attributes)', async () => {
      // Prepare
      const { source, dlq } = await queues();
      const action = anAction('jobs.record', { n: 1 });
      await queue.send(dlq, [
        {
          body: JSON.stringify(action),
          attributes: {
            tenant: 'acme',
            [DEAD_LETTER_ATTRIBUTES.reason]: 'unknown_action_type',
            [DEAD_LETTER_ATTRIBUTES.errorCode]: 'MALFORMED_ACTION',
            [DEAD_LETTER_ATTRIBUTES.errorMessage]: 'No handler for jobs.record',
            [DEAD_LETTER_ATTRIBUTES.sourceQueue]: source,
            [DEAD_LETTER_ATTRIBUTES.receiveCount]: '3',
            [DEAD_LETTER_ATTRIBUTES.actionId]: action.action_id,
          },
        },
      ]);

      // Act
      const summary = await listDeadLetters(queue, dlq, read);
      const view = await showDeadLetter(queue, dlq, { ...read, id: action.action_id });

      // Assess
      expect(summary.byReason.map(({ reason }) => reason)).toEqual(['unknown_action_type']);
      expect(view.record).toMatchObject({
        reason: 'unknown_action_type',
        error_code: 'MALFORMED_ACTION',
        source_queue: source,
        receive_count: 3,
        action_id: action.action_id,
        message_id: view.messageId,
      });
    });

    it('shows one message with PII masked in its body, attributes and error, found by any of its ids', async () => {
      // Prepare
      const { source, dlq } = await queues();
      const action = anAction('jobs.record', { ...PII, note: `call ${PII.phone}` });
      const others = Array.from({ length: 11 }, (_, n) => anAction('jobs.record', { n }));
      await deadLetter(
        source,
        'invalid_data',
        JSON.stringify(action),
        { email: PII.email },
        action.action_id,
      );
      for (const other of others) {
        await deadLetter(source, 'invalid_json', JSON.stringify(other), {}, other.action_id);
      }
      const summary = await listDeadLetters(queue, dlq, read);
      const [listed] =
        summary.byReason.find((entry) => entry.reason === 'invalid_data')?.sampleIds ?? [];

      // Act
      const byCopyId = await showDeadLetter(queue, dlq, { ...read, id: listed ?? '' });
      const byActionId = await showDeadLetter(queue, dlq, { ...read, id: action.action_id });
      const first = await showDeadLetter(queue, dlq, read);

      // Assess
      expect(byActionId.messageId).toBe(byCopyId.messageId);
      expect(first.record?.source_queue).toBe(source);
      const shown = JSON.stringify(byCopyId);
      for (const value of [PII.email, PII.phone, PII.national_id, '5512345678']) {
        expect(shown).not.toContain(value);
      }
      expect(byCopyId.bodyIsJson).toBe(true);
      expect(JSON.parse(byCopyId.body)).toMatchObject({
        action_id: action.action_id,
        data: { email: '***e.com', phone: expect.stringMatching(/^\+52\*+78$/) },
      });
      expect(byCopyId.attributes).toEqual({ email: '***e.com' });
      expect(byCopyId.record).toMatchObject({
        reason: 'invalid_data',
        error_message: 'bad: ***e.com',
        source_queue: source,
      });
      expect(await receiveAll(queue, dlq)).toHaveLength(12); // every one visible again
    });

    it('fails with typed errors for a missing queue and an unknown id', async () => {
      // Prepare
      const { dlq } = await queues();
      const missing = `missing-${randomUUID().slice(0, 8)}`;

      // Act
      const errors = await Promise.all([
        listDeadLetters(queue, missing, read).catch((error: unknown) => error),
        showDeadLetter(queue, dlq, { ...read, id: 'nope' }).catch((error: unknown) => error),
        replayDeadLetters(queue, { from: missing, to: dlq, ...read }).catch(
          (error: unknown) => error,
        ),
        replayDeadLetters(queue, { from: dlq, to: dlq }).catch((error: unknown) => error),
      ]);

      // Assess
      expect(errors.map((error) => error instanceof DeadLetterError && error.code)).toEqual([
        'QUEUE_NOT_FOUND',
        'DEAD_LETTER_NOT_FOUND',
        'QUEUE_NOT_FOUND',
        'INVALID_REPLAY',
      ]);
    });

    it('replays one reason: the body byte for byte, the attributes (moved ones back), no record; the rest stays, visible at once', async () => {
      // Prepare
      const { source, dlq } = await queues();
      const userAttributes = Object.fromEntries(
        Array.from({ length: 10 }, (_, i) => [`user_${i}`, `value-${i}`]),
      );
      const action = anAction('jobs.record', { n: 1 });
      const body = ` ${JSON.stringify(action)}\n`;
      await deadLetter(source, 'non_retryable_error', body, userAttributes, action.action_id);
      await deadLetter(source, 'invalid_json', 'not json');
      const progress: number[] = [];

      // Act
      const report = await replayDeadLetters(queue, {
        from: dlq,
        to: source,
        reason: 'non_retryable_error',
        onProgress: ({ examined }) => progress.push(examined),
        ...read,
      });

      // Assess
      expect(report).toMatchObject({
        examined: 2,
        matched: 1,
        replayed: 1,
        skipped: 1,
        failed: 0,
        complete: true,
        messages: [{ reason: 'non_retryable_error', actionId: action.action_id }],
      });
      expect(progress.at(-1)).toBe(2);
      const [replayed, ...more] = await receiveAll(queue, source);
      expect(more).toEqual([]);
      expect(replayed?.body).toBe(body);
      expect(replayed?.attributes).toEqual(userAttributes);
      expect(readDeadLetterRecord(replayed as ReceivedMessage)).toBeUndefined();
      const left = await queue.receive(dlq, { maxMessages: 10, waitTimeSeconds: 1 });
      expect(left.map((message) => message.body)).toEqual(['not json']);
    });

    it('a dry run and a limit: nothing moved by the dry run, exactly the limit by the replay', async () => {
      // Prepare
      const { source, dlq } = await queues();
      for (let i = 0; i < 4; i += 1) {
        const action = anAction('jobs.record', { n: i });
        await deadLetter(source, 'invalid_data', JSON.stringify(action), {}, action.action_id);
      }

      // Act
      const dry = await replayDeadLetters(queue, { from: dlq, to: source, dryRun: true, ...read });
      const afterDry = await listDeadLetters(queue, dlq, read);
      const limited = await replayDeadLetters(queue, { from: dlq, to: source, limit: 3, ...read });

      // Assess
      expect(dry).toMatchObject({ dryRun: true, matched: 4, replayed: 0, complete: true });
      expect(dry.messages).toHaveLength(4);
      expect(afterDry.read).toBe(4);
      expect(limited).toMatchObject({ matched: 3, replayed: 3, complete: false });
      expect(await receiveAll(queue, source)).toHaveLength(3);
      expect(await receiveAll(queue, dlq)).toHaveLength(1);
    });

    it('leaves a message whose body was cut in the dead-letter queue and reports it', async () => {
      // Prepare
      const { source, dlq } = await queues();
      const huge = JSON.stringify({ ...anAction('jobs.record', {}), pad: 'x'.repeat(300_000) });
      await deadLetter(source, 'oversized', huge);

      // Act
      const report = await replayDeadLetters(queue, { from: dlq, to: source, ...read });

      // Assess
      expect(report).toMatchObject({ replayed: 0, failed: 1 });
      expect(report.failures[0]).toMatchObject({ code: 'BODY_TRUNCATED', sent: false });
      expect(await receiveAll(queue, dlq)).toHaveLength(1);
      expect(await receiveAll(queue, source)).toHaveLength(0);
    });

    it('loses nothing when the target is missing, and when a replay dies between send and delete the worker still applies each action once', async () => {
      // Prepare
      const { source, dlq } = await queues();
      const actions = Array.from({ length: 12 }, (_, n) => anAction('jobs.record', { n }));
      for (const action of actions) {
        await deadLetter(
          source,
          'non_retryable_error',
          JSON.stringify(action),
          {},
          action.action_id,
        );
      }
      const missing = await replayDeadLetters(queue, {
        from: dlq,
        to: `missing-${randomUUID().slice(0, 8)}`,
        ...read,
      }).catch((error: unknown) => error);
      let deletes = 0;
      const dying: MessageQueue = {
        ...(queue.limits && { limits: queue.limits }),
        send: (q, m) => queue.send(q, m),
        receive: (q, o) => queue.receive(q, o),
        changeVisibility: (q, c) => queue.changeVisibility(q, c),
        delete: async (q, handles) => {
          deletes += 1;
          if (deletes === 2) throw new Error('the process died between send and delete');
          return queue.delete(q, handles);
        },
      };

      // Act
      const died = await replayDeadLetters(dying, { from: dlq, to: source, ...read }).catch(
        (error: unknown) => error,
      );
      const inBoth =
        (await receiveAll(queue, source)).length + (await receiveAll(queue, dlq)).length;
      const again = await replayDeadLetters(queue, { from: dlq, to: source, ...read });
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
      await eventually(() => worker.stats().succeeded === inBoth, 20_000);
      await worker.stop({ timeoutMs: 2_000 });

      // Assess
      expect(missing).toBeInstanceOf(DeadLetterError);
      expect((died as Error).message).toBe('the process died between send and delete');
      expect(inBoth).toBeGreaterThan(actions.length); // the batch sent but not deleted: twice
      expect(again.replayed).toBe(inBoth - actions.length);
      expect(await receiveAll(queue, dlq)).toHaveLength(0);
      expect(worker.stats().replayed).toBe(inBoth - actions.length);
      expect([...applied.keys()].sort()).toEqual(actions.map((a) => a.action_id).sort());
      expect([...applied.values()].every((runs) => runs === 1)).toBe(true);
    });
  });
}
