// One trace id from an HTTP request through the outbox, the relay, a queue, the Worker and
// its callback, with the OpenTelemetry SDK's in-memory exporter: on the in-memory queue and
// the in-memory unit of work, and on SQS (moto_server) with the outbox on PGlite.
import { randomUUID } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import { readMessageTraceContext, resetTelemetry, setTelemetry } from '@baltra/sdk';
import { OpenTelemetryAdapter } from '@baltra/sdk/opentelemetry';
import { KyselyUnitOfWork, migrateToLatest, openPglite } from '@baltra/sdk/postgres';
import { ensureSqsQueue, SqsMessageQueue } from '@baltra/sdk/sqs';
import { InMemoryMessageQueue, InMemoryUnitOfWork } from '@baltra/sdk/testing';
import * as api from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OtelHarness, startOtel } from '../edge/support/otel-harness.js';
import { describeWithMoto, motoUrl } from '../support/moto.js';
import {
  ACTION_TYPE,
  runCrossQueueScenario,
  type ScenarioQueues,
  type ScenarioResult,
} from './cross-queue-scenario.js';

let otel: OtelHarness;
beforeEach(() => {
  otel = startOtel();
  setTelemetry(new OpenTelemetryAdapter(api));
});
afterEach(async () => {
  resetTelemetry();
  await otel.shutdown();
});

/** The one span named `name` (fails when there is none or several). */
function only(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const named = spans.filter((span) => span.name === name);
  expect(named.map((span) => span.name)).toEqual([name]);
  return named[0] as ReadableSpan;
}

/** Every hop of the scenario is in `traceId`, each the child of the one before. */
function assessOneTrace(
  traceId: string,
  names: ScenarioQueues,
  system: string,
  { callback }: ScenarioResult,
): void {
  const spans = otel.spans();
  const server = only(spans, 'HTTP POST');
  const relayCreate = only(spans, `create ${names.events}`);
  const relaySend = only(spans, `send ${names.events}`);
  const bridge = only(spans, `process ${names.events}`);
  const actionSend = only(spans, `send ${names.jobs}`);
  const process = only(spans, `process ${ACTION_TYPE}`);
  const callbackCreate = only(spans, `create ${names.results}`);
  const callbackSend = only(spans, `send ${names.results}`);
  const chain = [server, relayCreate, bridge, actionSend, process, callbackCreate];
  expect(chain.map((span) => span.spanContext().traceId)).toEqual(chain.map(() => traceId));
  // The relay's create span is the child of the context stored with the event (the server
  // span, active when the use case appended it) …
  expect(relayCreate.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
  expect(relayCreate.kind).toBe(api.SpanKind.PRODUCER);
  // … and the relay's send links to it, the message carrying it as its creation context.
  expect(relaySend.kind).toBe(api.SpanKind.CLIENT);
  expect(relaySend.links.map((link) => link.context.spanId)).toEqual([
    relayCreate.spanContext().spanId,
  ]);
  expect(bridge.parentSpanContext?.spanId).toBe(relayCreate.spanContext().spanId);
  // A single message: its send span is the producer span and its creation context.
  expect(actionSend.parentSpanContext?.spanId).toBe(bridge.spanContext().spanId);
  expect(actionSend.kind).toBe(api.SpanKind.PRODUCER);
  expect(actionSend.attributes).toMatchObject({
    'messaging.system': system,
    'messaging.destination.name': names.jobs,
    'messaging.operation.type': 'send',
    'messaging.operation.name': 'send',
  });
  expect(actionSend.attributes['messaging.message.id']).toEqual(expect.any(String));
  // The Worker's consumer span: child of, and linked to, the producer.
  expect(process.kind).toBe(api.SpanKind.CONSUMER);
  expect(process.parentSpanContext?.spanId).toBe(actionSend.spanContext().spanId);
  expect(process.links.map((link) => link.context.spanId)).toEqual([
    actionSend.spanContext().spanId,
  ]);
  expect(process.attributes).toMatchObject({
    'messaging.system': system,
    'messaging.destination.name': names.jobs,
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'process',
    'messaging.message.id': expect.any(String),
  });
  expect(process.attributes).not.toHaveProperty('messaging.operation');
  // The callback continues the action's trace.
  expect(callbackCreate.parentSpanContext?.spanId).toBe(process.spanContext().spanId);
  expect(callbackSend.links.map((link) => link.context.spanId)).toEqual([
    callbackCreate.spanContext().spanId,
  ]);
  expect(readMessageTraceContext(callback)).toEqual({
    traceId,
    spanId: callbackCreate.spanContext().spanId,
    traceFlags: 1,
  });
}

describe('a trace across the outbox and the queues, in memory', () => {
  it('keeps the caller’s trace id from the request to the callback', async () => {
    // Prepare
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const names = { events: 'domain-events', jobs: 'jobs', results: 'jobs-results' };
    const queue = new InMemoryMessageQueue({
      queues: { [names.events]: {}, [names.jobs]: {}, 'jobs-dlq': {}, [names.results]: {} },
    });

    // Act
    const result = await runCrossQueueScenario({
      queue,
      names,
      unitOfWork: new InMemoryUnitOfWork(),
      traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
    });
    queue.close();

    // Assess
    assessOneTrace(traceId, names, 'baltra_memory', result);
    expect(only(otel.spans(), 'HTTP POST').parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  });
});

describeWithMoto('a trace across the outbox and the queues, on SQS (moto_server)', () => {
  it('keeps the trace the edge started from the request to the callback', async () => {
    // Prepare
    const client = new SQSClient({
      endpoint: motoUrl() ?? '',
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const run = randomUUID().slice(0, 8);
    const names = { events: `events-${run}`, jobs: `jobs-${run}`, results: `results-${run}` };
    for (const name of [names.events, names.jobs, `${names.jobs}-dlq`, names.results]) {
      await ensureSqsQueue(client, name);
    }
    const queue = new SqsMessageQueue({ client });
    const db = openPglite();
    await migrateToLatest(db);

    // Act
    let result: ScenarioResult;
    try {
      result = await runCrossQueueScenario({
        queue,
        names,
        unitOfWork: new KyselyUnitOfWork(db),
      });
    } finally {
      await db.destroy();
      client.destroy();
    }

    // Assess
    const server = only(otel.spans(), 'HTTP POST');
    expect(server.parentSpanContext).toBeUndefined();
    assessOneTrace(server.spanContext().traceId, names, 'aws_sqs', result);
  });
});
