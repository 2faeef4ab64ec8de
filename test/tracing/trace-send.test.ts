// Producer spans of sends (OpenTelemetry's messaging conventions) and the creation context
// each message carries, on the in-memory queue and on a hand-written one.
import {
  type MessageQueue,
  readMessageTraceContext,
  resetTelemetry,
  setTelemetry,
  tracedMessageQueue,
} from '@baltra/sdk';
import { OpenTelemetryAdapter } from '@baltra/sdk/opentelemetry';
import { InMemoryMessageQueue } from '@baltra/sdk/testing';
import * as api from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OtelHarness, startOtel } from '../edge/support/otel-harness.js';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

let otel: OtelHarness;
let queue: InMemoryMessageQueue;
beforeEach(() => {
  otel = startOtel();
  queue = new InMemoryMessageQueue({ queues: { leads: {} } });
});
afterEach(async () => {
  queue.close();
  resetTelemetry();
  await otel.shutdown();
});

function named(name: string): ReadableSpan[] {
  return otel.spans().filter((span) => span.name === name);
}

describe('sends traced by the queue', () => {
  it('gives one message a producer span whose context the message carries', async () => {
    // Prepare
    setTelemetry(new OpenTelemetryAdapter(api));

    // Act
    const outcome = await queue.send('leads', [{ body: '{}', attributes: { tenant: 'acme' } }]);
    const [message] = await queue.receive('leads');

    // Assess
    const [send] = named('send leads');
    expect(send?.kind).toBe(api.SpanKind.PRODUCER);
    expect(send?.attributes).toEqual({
      'messaging.system': 'baltra_memory',
      'messaging.destination.name': 'leads',
      'messaging.operation.type': 'send',
      'messaging.operation.name': 'send',
      'messaging.message.id': outcome.sent[0]?.messageId,
    });
    expect(message?.attributes).toEqual({
      tenant: 'acme',
      traceparent: `00-${send?.spanContext().traceId}-${send?.spanContext().spanId}-01`,
    });
  });

  it('gives each message of a batch a create span, and the send span links to them', async () => {
    // Prepare
    setTelemetry(new OpenTelemetryAdapter(api));

    // Act
    await queue.send('leads', [{ body: 'a' }, { body: 'b' }, { body: 'c' }]);
    const messages = await queue.receive('leads');

    // Assess
    const creates = named('create leads');
    const [send] = named('send leads');
    expect(creates.map((span) => span.kind)).toEqual([1, 2, 3].map(() => api.SpanKind.PRODUCER));
    expect(send?.kind).toBe(api.SpanKind.CLIENT);
    expect(send?.attributes).toMatchObject({
      'messaging.operation.type': 'send',
      'messaging.batch.message_count': 3,
    });
    expect(send?.attributes).not.toHaveProperty('messaging.message.id');
    const createIds = creates.map((span) => span.spanContext().spanId);
    expect(send?.links.map((link) => link.context.spanId)).toEqual(createIds);
    expect(messages.map((message) => readMessageTraceContext(message)?.spanId)).toEqual(createIds);
  });

  it('keeps a creation context the producer attached, and links the send span to it', async () => {
    // Prepare
    setTelemetry(new OpenTelemetryAdapter(api));

    // Act
    await queue.send('leads', [{ body: '{}', attributes: { traceparent: TRACEPARENT } }]);
    const [message] = await queue.receive('leads');

    // Assess
    const [send] = named('send leads');
    expect(send?.kind).toBe(api.SpanKind.CLIENT);
    expect(send?.links.map((link) => link.context.spanId)).toEqual(['00f067aa0ba902b7']);
    expect(message?.attributes).toEqual({ traceparent: TRACEPARENT });
  });

  it('sends a message with 10 attributes of its own, without trace attributes', async () => {
    // Prepare
    setTelemetry(new OpenTelemetryAdapter(api));
    const attributes = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`attr${i}`, `value ${i}`]),
    );

    // Act
    const outcome = await queue.send('leads', [{ body: '{}', attributes }]);
    const [message] = await queue.receive('leads');

    // Assess
    expect(outcome.failed).toEqual([]);
    expect(message?.attributes).toEqual(attributes);
    expect(named('send leads')).toHaveLength(1);
  });

  it('records the code of a refused message as error.type', async () => {
    // Prepare
    setTelemetry(new OpenTelemetryAdapter(api));
    const attributes = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [`attr${i}`, `value ${i}`]),
    );

    // Act
    const outcome = await queue.send('leads', [{ body: '{}', attributes }]);

    // Assess
    expect(outcome.failed.map((failure) => failure.code)).toEqual(['TooManyAttributes']);
    expect(named('send leads')[0]?.attributes['error.type']).toBe('TooManyAttributes');
  });

  it('adds nothing and records nothing under the no-op telemetry', async () => {
    // Act
    await queue.send('leads', [{ body: '{}' }, { body: '{}' }]);
    const messages = await queue.receive('leads');

    // Assess
    expect(messages.map((message) => message.attributes)).toEqual([{}, {}]);
    expect(otel.spans()).toEqual([]);
  });
});

describe('tracedMessageQueue', () => {
  it('traces the sends of a hand-written queue and passes the rest through', async () => {
    // Prepare
    setTelemetry(new OpenTelemetryAdapter(api));
    const sent: string[] = [];
    const handWritten: MessageQueue = {
      limits: queue.limits,
      async send(_name, messages) {
        sent.push(...messages.map((message) => message.attributes?.traceparent ?? 'none'));
        return {
          sent: messages.map((_, i) => ({ id: String(i), messageId: `m${i}` })),
          failed: [],
        };
      },
      receive: async () => [],
      delete: async () => ({ succeeded: ['r'], failed: [] }),
      changeVisibility: async () => ({ succeeded: [], failed: [] }),
    };
    const traced = tracedMessageQueue(handWritten, { system: 'kafka' });

    // Act
    await traced.send('orders', [{ body: '{}' }]);
    const deleted = await traced.delete('orders', ['r']);

    // Assess
    const [send] = named('send orders');
    expect(send?.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.message.id': 'm0',
    });
    expect(sent).toEqual([`00-${send?.spanContext().traceId}-${send?.spanContext().spanId}-01`]);
    expect(deleted.succeeded).toEqual(['r']);
    expect(traced.limits).toBe(queue.limits);
  });
});
