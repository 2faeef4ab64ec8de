// The trace context a message carries: X-Ray headers converted to W3C ids, `traceparent`
// and `tracestate` attributes read and written, and the broker's attribute limit respected.
import {
  type OutgoingMessage,
  parseAwsTraceHeader,
  readMessageTraceContext,
  SQS_MESSAGE_LIMITS,
  withMessageTraceContext,
} from '@baltra/sdk';
import { describe, expect, it } from 'vitest';

const TRACE = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: 1,
};
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function userAttributes(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`attr${i}`, `value ${i}`]));
}

describe('parseAwsTraceHeader', () => {
  it('turns an X-Ray root and parent into W3C trace and span ids', () => {
    // Act
    const trace = parseAwsTraceHeader(
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
    );

    // Assess
    expect(trace).toEqual({
      traceId: '5759e988bd862e3fe1be46a994272793',
      spanId: '53995c3f42cd8ad8',
      traceFlags: 1,
    });
  });

  it('reads fields in any order, ignores the others, and is unsampled unless Sampled=1', () => {
    // Act
    const deferred = parseAwsTraceHeader(
      'Sampled=?;Lineage=a87bd80c:1|68fd508a:5;Parent=53995C3F42CD8AD8;Root=1-5759E988-BD862E3FE1BE46A994272793',
    );
    const unsampled = parseAwsTraceHeader(
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0',
    );

    // Assess
    expect(deferred).toEqual({
      traceId: '5759e988bd862e3fe1be46a994272793',
      spanId: '53995c3f42cd8ad8',
      traceFlags: 0,
    });
    expect(unsampled?.traceFlags).toBe(0);
  });

  it('refuses a header without a parent, with a malformed root, or with zero ids', () => {
    // Act
    const refused = [
      'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1',
      'Root=2-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8',
      'Root=1-5759e988-bd862e3fe1be46a99427279;Parent=53995c3f42cd8ad8',
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad',
      'Root=1-00000000-000000000000000000000000;Parent=53995c3f42cd8ad8',
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0000000000000000',
      'garbage',
      '',
      undefined,
    ].map(parseAwsTraceHeader);

    // Assess
    expect(refused).toEqual(refused.map(() => undefined));
  });
});

describe('readMessageTraceContext', () => {
  it('prefers the traceparent attribute, with its tracestate, to the AWSTraceHeader', () => {
    // Act
    const trace = readMessageTraceContext({
      attributes: { traceparent: TRACEPARENT, tracestate: 'vendor=abc' },
      systemAttributes: {
        AWSTraceHeader:
          'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      },
    });

    // Assess
    expect(trace).toEqual({ ...TRACE, traceState: 'vendor=abc' });
  });

  it('falls back to the AWSTraceHeader when the traceparent is missing or invalid', () => {
    // Act
    const trace = readMessageTraceContext({
      attributes: { traceparent: 'not-a-traceparent' },
      systemAttributes: {
        AWSTraceHeader:
          'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      },
    });

    // Assess
    expect(trace?.traceId).toBe('5759e988bd862e3fe1be46a994272793');
  });

  it('finds nothing on a message sent before traces crossed queues', () => {
    // Act
    const trace = readMessageTraceContext({ attributes: { tenant: 'acme' } });

    // Assess
    expect(trace).toBeUndefined();
  });
});

describe('withMessageTraceContext', () => {
  it('adds traceparent and tracestate, replacing the ones the message had', () => {
    // Prepare
    const message: OutgoingMessage = {
      body: '{}',
      attributes: { tenant: 'acme', traceparent: 'stale', tracestate: 'stale=1' },
    };

    // Act
    const traced = withMessageTraceContext(
      message,
      { ...TRACE, traceState: 'vendor=abc' },
      SQS_MESSAGE_LIMITS,
    );

    // Assess
    expect(traced.attributes).toEqual({
      tenant: 'acme',
      traceparent: TRACEPARENT,
      tracestate: 'vendor=abc',
    });
  });

  it('leaves the tracestate out when only the traceparent fits', () => {
    // Act
    const traced = withMessageTraceContext(
      { body: '{}', attributes: userAttributes(9) },
      { ...TRACE, traceState: 'vendor=abc' },
      SQS_MESSAGE_LIMITS,
    );

    // Assess
    expect(Object.keys(traced.attributes ?? {})).toHaveLength(10);
    expect(traced.attributes?.traceparent).toBe(TRACEPARENT);
    expect(traced.attributes).not.toHaveProperty('tracestate');
  });

  it('returns a message with 10 attributes of its own unchanged', () => {
    // Prepare
    const message: OutgoingMessage = {
      body: '{}',
      attributes: userAttributes(6),
      typedAttributes: { count: { dataType: 'Number', stringValue: '1' } },
    };
    const full = { ...message, attributes: { ...message.attributes, ...userAttributes(9) } };

    // Act
    const traced = withMessageTraceContext(full, TRACE, SQS_MESSAGE_LIMITS);

    // Assess
    expect(traced).toBe(full);
  });

  it('returns a message unchanged when the traceparent would make it too long', () => {
    // Prepare
    const limits = { maxAttributes: 10, maxMessageBytes: 100 };
    const message: OutgoingMessage = { body: 'x'.repeat(90) };

    // Act
    const traced = withMessageTraceContext(message, TRACE, limits);

    // Assess
    expect(traced).toBe(message);
  });
});
