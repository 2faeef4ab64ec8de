// The Worker's consumer span and the producer's context on each broker: old messages without
// any trace context, SQS's AWSTraceHeader (X-Ray), a message with 10 attributes of its own on
// the real SQS limit, the Redis send path, and traces handed on under the no-op telemetry.
import { randomUUID } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createDomainAction, type MessageQueue, resetTelemetry, setTelemetry } from '@baltra/sdk';
import { OpenTelemetryAdapter } from '@baltra/sdk/opentelemetry';
import { RedisMessageQueue } from '@baltra/sdk/redis';
import { ensureSqsQueue, SqsMessageQueue } from '@baltra/sdk/sqs';
import { InMemoryMessageQueue, silentLogger } from '@baltra/sdk/testing';
import { createSqsHandler, defineActionHandler, Worker } from '@baltra/sdk/worker';
import * as api from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type OtelHarness, startOtel } from '../edge/support/otel-harness.js';
import { eventually } from '../support/eventually.js';
import { describeWithMoto, motoUrl } from '../support/moto.js';
import { describeWithRedis, testRedisClient, uniqueKeyPrefix } from '../support/redis.js';

const TYPE = 'jobs.trace';
const handler = defineActionHandler({
  type: TYPE,
  schema: z.object({ n: z.number() }),
  async handle(data) {
    return { n: data.n };
  },
});

let otel: OtelHarness;
beforeEach(() => {
  otel = startOtel();
});
afterEach(async () => {
  resetTelemetry();
  await otel.shutdown();
});

function anActionBody(callbackQueue?: string): string {
  return JSON.stringify(
    createDomainAction({
      type: TYPE,
      tenantId: 'acme',
      data: { n: 1 },
      ...(callbackQueue === undefined ? {} : { callbackQueue }),
    }),
  );
}

/** Runs a Worker on `name` until one action succeeded; returns its consumer span. */
async function processOne(queue: MessageQueue, name: string): Promise<ReadableSpan | undefined> {
  const worker = new Worker({
    queue,
    queues: [name],
    handlers: [handler],
    waitTimeSeconds: 1,
    logger: silentLogger,
  }).start();
  try {
    await eventually(() => worker.stats().succeeded === 1, 20_000);
  } finally {
    await worker.stop({ timeoutMs: 5_000 });
  }
  return otel.spans().find((span) => span.name === `process ${TYPE}`);
}

describe('the Worker on the in-memory queue', () => {
  it('still processes a message sent without any trace context, in a trace of its own', async () => {
    // Prepare
    const queue = new InMemoryMessageQueue({ queues: { jobs: {}, 'jobs-dlq': {} } });
    await queue.send('jobs', [{ body: anActionBody() }]); // no telemetry yet: no traceparent
    setTelemetry(new OpenTelemetryAdapter(api));

    // Act
    const process = await processOne(queue, 'jobs');
    queue.close();

    // Assess
    expect(process?.parentSpanContext).toBeUndefined();
    expect(process?.links).toEqual([]);
    expect(process?.attributes).toMatchObject({
      'messaging.system': 'baltra_memory',
      'messaging.operation.type': 'process',
    });
  });

  it('does not sample an action whose producer was sampled out, and hands that on', async () => {
    // Prepare
    const unsampled = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00';
    const queue = new InMemoryMessageQueue({
      queues: { jobs: {}, 'jobs-dlq': {}, results: {} },
    });
    await queue.send('jobs', [
      { body: anActionBody('results'), attributes: { traceparent: unsampled } },
    ]);
    setTelemetry(new OpenTelemetryAdapter(api));

    // Act
    const process = await processOne(queue, 'jobs');
    const [callback] = await queue.receive('results');
    queue.close();

    // Assess
    expect(process).toBeUndefined();
    expect(callback?.attributes.traceparent).toMatch(
      /^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-00$/,
    );
  });

  it('hands the producer’s trace on to the callback under the no-op telemetry', async () => {
    // Prepare
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const queue = new InMemoryMessageQueue({
      queues: { jobs: {}, 'jobs-dlq': {}, results: {} },
    });
    await queue.send('jobs', [{ body: anActionBody('results'), attributes: { traceparent } }]);

    // Act
    await processOne(queue, 'jobs');
    const [callback] = await queue.receive('results');
    queue.close();

    // Assess
    expect(callback?.attributes).toEqual({ traceparent });
    expect(otel.spans()).toEqual([]);
  });
});

describe('the Lambda entry', () => {
  it('continues the traceparent of a record, or its AWSTraceHeader', async () => {
    // Prepare
    setTelemetry(new OpenTelemetryAdapter(api));
    const handle = createSqsHandler({ handlers: [handler] });
    const arn = 'arn:aws:sqs:eu-west-1:000000000000:jobs';

    // Act
    const response = await handle({
      Records: [
        {
          messageId: 'm1',
          body: anActionBody(),
          eventSourceARN: arn,
          messageAttributes: {
            traceparent: {
              dataType: 'String',
              stringValue: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
            },
          },
        },
        {
          messageId: 'm2',
          body: anActionBody(),
          eventSourceARN: arn,
          attributes: {
            AWSTraceHeader:
              'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
          },
        },
      ],
    });

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const processes = otel.spans().filter((span) => span.name === `process ${TYPE}`);
    expect(
      processes
        .map((span) => [
          span.attributes['messaging.message.id'],
          span.parentSpanContext?.traceId,
          span.parentSpanContext?.spanId,
          span.attributes['messaging.destination.name'],
        ])
        .sort(),
    ).toEqual([
      ['m1', '4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7', 'jobs'],
      ['m2', '5759e988bd862e3fe1be46a994272793', '53995c3f42cd8ad8', 'jobs'],
    ]);
  });
});

describeWithMoto('the Worker on SQS (moto_server)', () => {
  function sqs() {
    const client = new SQSClient({
      endpoint: motoUrl() ?? '',
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    return { client, queue: new SqsMessageQueue({ client }) };
  }

  it('continues the X-Ray trace of a message that carries only an AWSTraceHeader', async () => {
    // Prepare
    const { client, queue } = sqs();
    const name = `xray-${randomUUID().slice(0, 8)}`;
    const { queueUrl: url } = await ensureSqsQueue(client, name);
    await ensureSqsQueue(client, `${name}-dlq`);
    await client.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: anActionBody(),
        MessageSystemAttributes: {
          AWSTraceHeader: {
            DataType: 'String',
            StringValue:
              'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
          },
        },
      }),
    );
    setTelemetry(new OpenTelemetryAdapter(api));

    // Act
    const process = await processOne(queue, name);
    client.destroy();

    // Assess
    expect(process?.spanContext().traceId).toBe('5759e988bd862e3fe1be46a994272793');
    expect(process?.parentSpanContext?.spanId).toBe('53995c3f42cd8ad8');
    expect(process?.attributes).toMatchObject({
      'messaging.system': 'aws_sqs',
      'messaging.destination.name': name,
    });
  });

  it('still processes a message sent without any trace context, in a trace of its own', async () => {
    // Prepare
    const { client, queue } = sqs();
    const name = `old-${randomUUID().slice(0, 8)}`;
    const { queueUrl: url } = await ensureSqsQueue(client, name);
    await ensureSqsQueue(client, `${name}-dlq`);
    await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: anActionBody() }));
    setTelemetry(new OpenTelemetryAdapter(api));

    // Act
    const process = await processOne(queue, name);
    client.destroy();

    // Assess
    expect(process?.parentSpanContext).toBeUndefined();
    expect(process?.links).toEqual([]);
  });

  it('sends a message with 10 attributes of its own, without trace attributes', async () => {
    // Prepare
    const { client, queue } = sqs();
    const name = `full-${randomUUID().slice(0, 8)}`;
    await ensureSqsQueue(client, name);
    setTelemetry(new OpenTelemetryAdapter(api));
    const attributes = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`attr${i}`, `value ${i}`]),
    );

    // Act
    const outcome = await queue.send(name, [{ body: anActionBody(), attributes }]);
    const [message] = await queue.receive(name, { waitTimeSeconds: 1 });
    client.destroy();

    // Assess
    expect(outcome.failed).toEqual([]);
    expect(message?.attributes).toEqual(attributes);
    expect(otel.spans().map((span) => span.name)).toEqual([`send ${name}`]);
  });
});

describeWithRedis('the Worker on Redis (RedisMessageQueue)', () => {
  it('carries the producer span’s context to the consumer span', async () => {
    // Prepare
    const redis = await testRedisClient();
    const queue = new RedisMessageQueue(redis, { keyPrefix: uniqueKeyPrefix('trace') });
    await queue.createQueue('jobs');
    setTelemetry(new OpenTelemetryAdapter(api));
    await queue.send('jobs', [{ body: anActionBody() }]);

    // Act
    let process: ReadableSpan | undefined;
    try {
      process = await processOne(queue, 'jobs');
    } finally {
      queue.close();
      await redis.quit();
    }

    // Assess
    const send = otel.spans().find((span) => span.name === 'send jobs');
    expect(send?.attributes['messaging.system']).toBe('redis');
    expect(process?.parentSpanContext?.spanId).toBe(send?.spanContext().spanId);
    expect(process?.spanContext().traceId).toBe(send?.spanContext().traceId);
  });
});
