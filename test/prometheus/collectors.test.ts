import { randomUUID } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import { KyselyEventOutbox, migrateToLatest, openPglite } from '@baltra/sdk/postgres';
import {
  loadPrometheusTelemetry,
  type MetricsCollector,
  outboxCollector,
  type PrometheusTelemetry,
  queueDepthCollector,
} from '@baltra/sdk/prometheus';
import { ensureSqsQueue, readSqsQueueDepth, SqsMessageQueue } from '@baltra/sdk/sqs';
import { anEvent, InMemoryMessageQueue } from '@baltra/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithMoto, motoUrl } from '../support/moto.js';
import { parseExposition, sampleValue } from './support/parse-exposition.js';
import { recordingLogger } from './support/recording-logger.js';

async function scrape(telemetry: PrometheusTelemetry) {
  return parseExposition(await telemetry.metrics());
}

describe('queueDepthCollector on the in-memory queue', () => {
  it('reads depth by state, the oldest visible message and the dead-letter queue at every scrape', async () => {
    // Prepare
    const queue = new InMemoryMessageQueue();
    queue.createQueue('leads', { deadLetter: { queue: 'leads-dlq', maxReceiveCount: 5 } });
    const telemetry = await loadPrometheusTelemetry({ defaultMetrics: false });
    telemetry.addCollector(
      queueDepthCollector({ depth: queue, queues: ['leads'], now: () => Date.now() + 60_000 }),
    );
    await queue.send('leads', [{ body: 'a' }, { body: 'b' }, { body: 'c', delaySeconds: 30 }]);
    await queue.receive('leads', { maxMessages: 1 });
    await queue.send('leads-dlq', [{ body: 'dead' }]);

    // Act
    const first = await scrape(telemetry);
    await queue.send('leads-dlq', [{ body: 'dead too' }]);
    const second = await scrape(telemetry);

    // Assess
    expect(sampleValue(first, 'queue_messages', { queue: 'leads', state: 'visible' })).toBe(1);
    expect(sampleValue(first, 'queue_messages', { queue: 'leads', state: 'in_flight' })).toBe(1);
    expect(sampleValue(first, 'queue_messages', { queue: 'leads', state: 'delayed' })).toBe(1);
    expect(
      sampleValue(first, 'queue_oldest_message_age_seconds', { queue: 'leads' }),
    ).toBeGreaterThanOrEqual(59);
    expect(
      sampleValue(first, 'queue_dead_letter_messages', {
        queue: 'leads-dlq',
        source_queue: 'leads',
      }),
    ).toBe(1);
    expect(
      sampleValue(second, 'queue_dead_letter_messages', {
        queue: 'leads-dlq',
        source_queue: 'leads',
      }),
    ).toBe(2);
    queue.close();
  });

  it('logs a queue it cannot read, keeps the others and never fails the scrape', async () => {
    // Prepare
    const queue = new InMemoryMessageQueue({ queues: { leads: {}, 'leads-dlq': {} } });
    const logger = recordingLogger();
    const telemetry = await loadPrometheusTelemetry({ defaultMetrics: false, logger });
    telemetry.addCollector(
      queueDepthCollector({
        depth: queue,
        queues: ['leads', { name: 'missing', deadLetterQueue: false }],
      }),
    );
    await queue.send('leads', [{ body: 'a' }]);

    // Act
    const exposition = await scrape(telemetry);

    // Assess
    expect(sampleValue(exposition, 'queue_messages', { queue: 'leads', state: 'visible' })).toBe(1);
    expect(logger.entries).toHaveLength(1);
    expect(logger.entries[0]).toMatchObject({
      level: 'warn',
      message: 'metrics collector failed',
      fields: { collector: 'queue depth' },
    });
    expect(String(logger.entries[0]?.fields?.error)).toContain('missing');
    queue.close();
  });

  it('runs each collector once per scrape, and cuts one that hangs at the timeout', async () => {
    // Prepare
    const logger = recordingLogger();
    const telemetry = await loadPrometheusTelemetry({
      defaultMetrics: false,
      logger,
      collectTimeoutMs: 50,
    });
    let runs = 0;
    const counting: MetricsCollector = {
      name: 'counting',
      metrics: [],
      collect(target) {
        runs += 1;
        target.gauge('collector_runs').record(runs);
      },
    };
    const hanging: MetricsCollector = {
      name: 'hanging',
      metrics: [],
      collect: () => new Promise(() => {}),
    };
    telemetry.addCollector(counting);
    const remove = telemetry.addCollector(hanging);
    telemetry.gauge('collector_runs').record(0);

    // Act
    const first = await scrape(telemetry);
    remove();
    const second = await scrape(telemetry);

    // Assess
    expect(sampleValue(first, 'collector_runs')).toBe(1);
    expect(sampleValue(second, 'collector_runs')).toBe(2);
    expect(logger.entries.map((entry) => entry.fields?.collector)).toEqual(['hanging']);
  });
});

describe('outboxCollector on PGlite', () => {
  it('exposes the pending entries and the age of the oldest, 0 once relayed', async () => {
    // Prepare
    const db = openPglite();
    await migrateToLatest(db);
    const outbox = new KyselyEventOutbox(db);
    const now = Date.parse('2026-12-01T12:00:00Z');
    await outbox.append([
      anEvent({ occurredAt: new Date(now - 90_000) }),
      anEvent({ occurredAt: new Date(now - 30_000) }),
    ]);
    const telemetry = await loadPrometheusTelemetry({ defaultMetrics: false });
    telemetry.addCollector(outboxCollector(db, { now: () => now }));

    try {
      // Act
      const pending = await scrape(telemetry);
      const entries = await outbox.pending(10);
      await outbox.markPublished(
        entries.map((entry) => entry.id),
        new Date(now),
      );
      const relayed = await scrape(telemetry);

      // Assess
      expect(pending.types.get('outbox_pending_entries')).toBe('gauge');
      expect(sampleValue(pending, 'outbox_pending_entries')).toBe(2);
      expect(sampleValue(pending, 'outbox_lag_seconds')).toBe(90);
      expect(sampleValue(relayed, 'outbox_pending_entries')).toBe(0);
      expect(sampleValue(relayed, 'outbox_lag_seconds')).toBe(0);
    } finally {
      await db.destroy();
    }
  });
});

describeWithMoto('readSqsQueueDepth and queueDepthCollector on moto_server', () => {
  let client: SQSClient;
  beforeAll(() => {
    client = new SQSClient({
      endpoint: motoUrl() as string,
      region: 'us-west-2',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });
  afterAll(() => client.destroy());

  it('reads ApproximateNumberOfMessages, NotVisible and Delayed of a queue by name or URL', async () => {
    // Prepare
    const name = `depth-${randomUUID().slice(0, 8)}`;
    const { queueUrl } = await ensureSqsQueue(client, name);
    const queue = new SqsMessageQueue({ client });
    await queue.send(name, [{ body: 'a' }, { body: 'b' }, { body: 'c', delaySeconds: 60 }]);
    await queue.receive(name, { maxMessages: 1 });

    // Act
    const byName = await readSqsQueueDepth(client, name);
    const byUrl = await readSqsQueueDepth(client, queueUrl);

    // Assess
    expect(byName).toEqual({ visible: 1, inFlight: 1, delayed: 1, total: 3 });
    expect(byUrl).toEqual(byName);
    await expect(readSqsQueueDepth(client, `missing-${name}`)).rejects.toMatchObject({
      code: 'QUEUE_NOT_FOUND',
    });
  });

  it('feeds queue_messages and queue_dead_letter_messages from SQS at scrape time', async () => {
    // Prepare
    const name = `scrape-${randomUUID().slice(0, 8)}`;
    await ensureSqsQueue(client, name, {
      deadLetter: { queue: `${name}-dlq`, maxReceiveCount: 3 },
    });
    const queue = new SqsMessageQueue({ client });
    await queue.send(name, [{ body: 'a' }, { body: 'b' }]);
    await queue.send(`${name}-dlq`, [{ body: 'dead' }]);
    const telemetry = await loadPrometheusTelemetry({ defaultMetrics: false });
    telemetry.addCollector(
      queueDepthCollector({ depth: (q) => readSqsQueueDepth(client, q), queues: [name] }),
    );

    // Act
    const exposition = await scrape(telemetry);

    // Assess
    expect(sampleValue(exposition, 'queue_messages', { queue: name, state: 'visible' })).toBe(2);
    expect(sampleValue(exposition, 'queue_messages', { queue: name, state: 'in_flight' })).toBe(0);
    expect(
      sampleValue(exposition, 'queue_dead_letter_messages', {
        queue: `${name}-dlq`,
        source_queue: name,
      }),
    ).toBe(1);
    // SQS does not tell the age of its oldest message (CloudWatch does): no series invented.
    expect(
      sampleValue(exposition, 'queue_oldest_message_age_seconds', { queue: name }),
    ).toBeUndefined();
  });
});
