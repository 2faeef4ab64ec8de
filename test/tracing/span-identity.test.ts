// The additions to the Telemetry port that traces across queues rely on: links, tracestate,
// the active span, and the current trace when no tracer records one.
import {
  currentSpanIdentity,
  currentTraceparent,
  noopTelemetry,
  resetTelemetry,
  runWithContext,
  setTelemetry,
} from '@baltra/sdk';
import { OpenTelemetryAdapter } from '@baltra/sdk/opentelemetry';
import { InMemoryMessageQueue } from '@baltra/sdk/testing';
import * as api from '@opentelemetry/api';
import { AlwaysOffSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OtelHarness, startOtel } from '../edge/support/otel-harness.js';

const REMOTE = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: 1,
  traceState: 'vendor=abc,other=1',
};

let otel: OtelHarness;
beforeEach(() => {
  otel = startOtel();
});
afterEach(async () => {
  resetTelemetry();
  await otel.shutdown();
});

describe('the OpenTelemetry adapter', () => {
  it('keeps a remote parent’s tracestate and records links with theirs', () => {
    // Prepare
    const telemetry = new OpenTelemetryAdapter(api);

    // Act
    const span = telemetry.startSpan('process jobs', {
      kind: 'consumer',
      parent: REMOTE,
      links: [REMOTE],
    });
    const identity = span.identity();
    span.end();

    // Assess
    const [recorded] = otel.spans();
    expect(recorded?.parentSpanContext?.spanId).toBe(REMOTE.spanId);
    expect(identity).toMatchObject({ traceId: REMOTE.traceId, traceState: REMOTE.traceState });
    expect(recorded?.links.map((link) => link.context.traceState?.serialize())).toEqual([
      REMOTE.traceState,
    ]);
  });

  it('reports the active span, and nothing outside one', () => {
    // Prepare
    const telemetry = new OpenTelemetryAdapter(api);
    const span = telemetry.startSpan('work');

    // Act
    const inside = telemetry.withSpan(span, () => telemetry.activeSpan());
    const outside = telemetry.activeSpan();
    const own = span.identity();
    span.end();

    // Assess
    expect(own?.spanId).toBe(otel.spans()[0]?.spanContext().spanId);
    expect(inside).toEqual(own);
    expect(outside).toBeUndefined();
  });
});

describe('a span sampled out', () => {
  it('still hands its ids on to the message, unsampled (flags 00)', async () => {
    // Prepare
    const provider = new BasicTracerProvider({ sampler: new AlwaysOffSampler() });
    setTelemetry(new OpenTelemetryAdapter(api, { tracer: provider.getTracer('sampled-out') }));
    const queue = new InMemoryMessageQueue({ queues: { leads: {} } });

    // Act
    await queue.send('leads', [{ body: '{}' }]);
    const [message] = await queue.receive('leads');
    queue.close();
    await provider.shutdown();

    // Assess
    expect(message?.attributes.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    expect(otel.spans()).toEqual([]);
  });
});

describe('currentSpanIdentity', () => {
  it('prefers the active span of the telemetry to the execution context', () => {
    // Prepare
    const telemetry = new OpenTelemetryAdapter(api);
    const span = telemetry.startSpan('work');

    // Act
    const current = runWithContext({ traceId: REMOTE.traceId, spanId: REMOTE.spanId }, () =>
      telemetry.withSpan(span, () => currentSpanIdentity(telemetry)),
    );
    span.end();

    // Assess
    expect(current?.spanId).toBe(otel.spans()[0]?.spanContext().spanId);
  });

  it('falls back to the trace in the execution context under the no-op telemetry', () => {
    // Act
    const stored = runWithContext(
      { traceId: REMOTE.traceId, spanId: REMOTE.spanId, traceFlags: 1, traceState: 'vendor=abc' },
      () => currentTraceparent(noopTelemetry),
    );
    const malformed = runWithContext({ traceId: 'not-hex', spanId: REMOTE.spanId }, () =>
      currentSpanIdentity(noopTelemetry),
    );
    const outside = currentSpanIdentity(noopTelemetry);

    // Assess
    expect(stored).toEqual({
      traceparent: `00-${REMOTE.traceId}-${REMOTE.spanId}-01`,
      tracestate: 'vendor=abc',
    });
    expect(malformed).toBeUndefined();
    expect(outside).toBeUndefined();
  });
});
