// Handlers whose schema is any Standard Schema v1 validator (issue #21 item 2): valibot,
// arktype and zod run in a Worker on the in-memory queue; valid data is handled with the
// schema's output, invalid data is dead-lettered as invalid_data naming its fields (never
// its values), a schema that throws or rejects as schema_error, and async validators work.
import {
  type ActionHandler,
  defineActionHandler,
  readDeadLetterRecord,
  type StandardSchemaV1,
  WorkerConfigurationError,
} from '@baltra/sdk/worker';
import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { anAction, eventually, useWorkerHarness } from './worker-harness.js';

const PHONE = '+5215512345678';

const sendInvite = defineActionHandler({
  type: 'jobs.send_invite',
  schema: v.object({
    candidateId: v.pipe(v.string(), v.uuid()),
    phone: v.pipe(v.string(), v.regex(/^\+\d{8,15}$/)),
    channel: v.optional(v.picklist(['sms', 'whatsapp']), 'whatsapp'),
    attempts: v.pipe(v.string(), v.transform(Number), v.number()),
  }),
  async handle(data) {
    expectTypeOf(data).toEqualTypeOf<{
      candidateId: string;
      phone: string;
      channel: 'sms' | 'whatsapp';
      attempts: number;
    }>();
    return { channel: data.channel, attempts: data.attempts + 1 };
  },
});

const scoreLead = defineActionHandler({
  type: 'jobs.score_lead',
  schema: type({ leadId: 'string', score: '0 <= number <= 100' }),
  async handle(data) {
    expectTypeOf(data).toEqualTypeOf<{ leadId: string; score: number }>();
    return { passed: data.score >= 50 };
  },
});

/** A validator that asks something asynchronously, as a lookup of a blocked list would. */
const BLOCKED = new Set(['blocked-1']);
const notBlocked = v.pipeAsync(
  v.string(),
  v.checkAsync(async (id) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return !BLOCKED.has(id);
  }, 'blocked'),
);
const archive = defineActionHandler({
  type: 'jobs.archive',
  schema: v.objectAsync({ candidateId: notBlocked }),
  handle: async (data) => ({ archived: data.candidateId }),
});

async function deadLetterRecords(harness: ReturnType<typeof useWorkerHarness>) {
  return harness.queue.drain('jobs-dlq').map((message) => ({
    body: message.body,
    record: readDeadLetterRecord(message),
  }));
}

describe('Worker: handlers with a valibot or arktype schema', () => {
  const harness = useWorkerHarness();

  it('handles valid data with the schema output and dead-letters invalid data as invalid_data', async () => {
    // Prepare
    const valid = anAction(
      'jobs.send_invite',
      { candidateId: '0b5c1f5e-8d4a-4c1b-9a57-3a3b1c2d4e5f', phone: PHONE, attempts: '2' },
      { callbackQueue: 'callbacks' },
    );
    const invalid = anAction('jobs.send_invite', {
      candidateId: 'not-a-uuid',
      phone: `x${PHONE}`,
      channel: 'pigeon',
      attempts: '1',
    });
    await harness.send('jobs', valid, invalid);

    // Act
    const worker = harness.startWorker({ handlers: [sendInvite] });
    await eventually(() => worker.stats().succeeded === 1 && worker.stats().deadLettered === 1);
    await worker.stop();

    // Assess: the output (default and transform applied) reached the handler.
    const [callback] = harness.queue.drain('callbacks');
    expect(JSON.parse(callback?.body ?? '{}').data).toMatchObject({
      ok: true,
      result: { channel: 'whatsapp', attempts: 3 },
    });
    const [dead] = await deadLetterRecords(harness);
    expect(worker.stats().deadLetteredByReason).toEqual({ invalid_data: 1 });
    expect(dead?.record).toMatchObject({
      reason: 'invalid_data',
      error_code: 'MALFORMED_ACTION',
      error_message: 'Data of jobs.send_invite failed its schema: candidateId, phone, channel',
      action_id: invalid.action_id,
    });
    // valibot's messages quote what they received; the record names fields only.
    expect(JSON.stringify(dead?.record)).not.toContain(PHONE);
    expect(JSON.stringify(dead?.record)).not.toContain('pigeon');
    expect(harness.queue.depth('jobs').total).toBe(0);
  });

  it('runs an arktype schema the same way', async () => {
    // Prepare
    await harness.send(
      'jobs',
      anAction('jobs.score_lead', { leadId: 'l-1', score: 70 }, { callbackQueue: 'callbacks' }),
      anAction('jobs.score_lead', { leadId: 'l-2', score: 170 }),
      anAction('jobs.score_lead', { score: 10 }),
    );

    // Act
    const worker = harness.startWorker({ handlers: [scoreLead] });
    await eventually(() => worker.stats().succeeded === 1 && worker.stats().deadLettered === 2);
    await worker.stop();

    // Assess
    const [callback] = harness.queue.drain('callbacks');
    expect(JSON.parse(callback?.body ?? '{}').data.result).toEqual({ passed: true });
    const dead = await deadLetterRecords(harness);
    expect(dead.map(({ record }) => record?.error_message).sort()).toEqual([
      'Data of jobs.score_lead failed its schema: leadId',
      'Data of jobs.score_lead failed its schema: score',
    ]);
    expect(JSON.stringify(dead.map(({ record }) => record))).not.toContain('170');
  });

  it('awaits an async validator: valid data is handled, data it rejects is invalid_data', async () => {
    // Prepare
    await harness.send(
      'jobs',
      anAction('jobs.archive', { candidateId: 'c-7' }, { callbackQueue: 'callbacks' }),
      anAction('jobs.archive', { candidateId: 'blocked-1' }),
    );

    // Act
    const worker = harness.startWorker({ handlers: [archive] });
    await eventually(() => worker.stats().succeeded === 1 && worker.stats().deadLettered === 1);
    await worker.stop();

    // Assess
    const [callback] = harness.queue.drain('callbacks');
    expect(JSON.parse(callback?.body ?? '{}').data.result).toEqual({ archived: 'c-7' });
    const [dead] = await deadLetterRecords(harness);
    expect(dead?.record).toMatchObject({
      reason: 'invalid_data',
      error_message: 'Data of jobs.archive failed its schema: candidateId',
    });
  });

  it('runs a zod schema with an async refinement (safeParse refused it before)', async () => {
    // Prepare
    const checked = defineActionHandler({
      type: 'jobs.checked',
      schema: z.object({ n: z.number() }).refine(async ({ n }) => n % 2 === 0, 'n must be even'),
      handle: async (data) => {
        expectTypeOf(data).toEqualTypeOf<{ n: number }>();
        return data.n;
      },
    });
    await harness.send(
      'jobs',
      anAction('jobs.checked', { n: 4 }),
      anAction('jobs.checked', { n: 3 }),
    );

    // Act
    const worker = harness.startWorker({ handlers: [checked] });
    await eventually(() => worker.stats().succeeded === 1 && worker.stats().deadLettered === 1);
    await worker.stop();

    // Assess
    expect(worker.stats().deadLetteredByReason).toEqual({ invalid_data: 1 });
  });
});

describe('Worker: a Standard Schema that misbehaves', () => {
  const harness = useWorkerHarness();

  /** A hand-written Standard Schema whose validate does what `behave` says. */
  function aSchema(vendor: string, validate: (value: unknown) => unknown): StandardSchemaV1 {
    return {
      '~standard': {
        version: 1,
        vendor,
        validate: validate as StandardSchemaV1.Props['validate'],
      },
    };
  }

  it('dead-letters as schema_error a validator that throws, rejects or answers no result', async () => {
    // Prepare
    const handlers: ActionHandler[] = [
      aSchema('throws', () => {
        throw new TypeError('bug in the validator');
      }),
      aSchema('rejects', async () => {
        throw new RangeError('bug in an async rule');
      }),
      aSchema('answers-null', () => null),
    ].map((schema) => ({
      type: `jobs.${schema['~standard'].vendor.replace('-', '_')}`,
      schema,
      handle: async () => 'never',
    }));
    await harness.send(
      'jobs',
      ...['throws', 'rejects', 'answers_null'].map((name) => anAction(`jobs.${name}`, {})),
    );

    // Act
    const worker = harness.startWorker({ handlers });
    await eventually(() => worker.stats().deadLettered === 3);
    await worker.stop();

    // Assess
    expect(worker.stats().deadLetteredByReason).toEqual({ schema_error: 3 });
    expect(worker.stats().succeeded).toBe(0);
    const dead = await deadLetterRecords(harness);
    expect(dead.map(({ record }) => record?.error_code).sort()).toEqual([
      'RangeError',
      'TypeError',
      'TypeError',
    ]);
  });

  it('refuses at start a handler whose schema is not a Standard Schema', () => {
    // Prepare: a zod-3-era object with safeParse only.
    const legacy = {
      type: 'jobs.legacy',
      schema: { safeParse: (value: unknown) => ({ success: true, data: value }) },
      handle: async () => null,
    } as unknown as ActionHandler;

    // Act
    const start = () => harness.startWorker({ handlers: [legacy] });

    // Assess
    expect(start).toThrow(WorkerConfigurationError);
    expect(start).toThrow(/"jobs\.legacy" needs a Standard Schema v1 validator/);
  });
});
