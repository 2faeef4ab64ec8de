import { messageBytes, SQS_MESSAGE_LIMITS } from '@baltra/sdk';
import { describe, expect, it } from 'vitest';
import { messageLimitViolation } from '../../../src/shared/messaging/message-limit-violation.js';

describe('messageBytes', () => {
  it('counts the body in UTF-8 bytes', () => {
    const body = 'héllo ✓ 🚀';

    const bytes = messageBytes({ body });

    expect(bytes).toBe(Buffer.byteLength(body, 'utf8'));
    expect(bytes).toBe(15);
  });

  it('counts each string attribute as name + "String" + value', () => {
    const bytes = messageBytes({ body: 'héllo', attributes: { tenant: 'acme', ñ: 'ü' } });

    expect(bytes).toBe(6 + (6 + 6 + 4) + (2 + 6 + 2));
  });

  it('counts typed attributes with their data type, binary values as bytes', () => {
    const bytes = messageBytes({
      body: 'x',
      typedAttributes: {
        n: { dataType: 'Number.int', stringValue: '42' },
        b: { dataType: 'Binary', binaryValue: new Uint8Array([0, 255, 128]) },
        s: { dataType: 'String.json', stringValue: '{"a":"é"}' },
      },
    });

    expect(bytes).toBe(1 + (1 + 10 + 2) + (1 + 6 + 3) + (1 + 11 + 10));
  });

  it('counts a name in both attributes and typedAttributes once, as the typed value', () => {
    const bytes = messageBytes({
      body: '',
      attributes: { id: 'a-very-long-string-value', other: 'o' },
      typedAttributes: { id: { dataType: 'Number', stringValue: '7' } },
    });

    expect(bytes).toBe(2 + 6 + 1 + (5 + 6 + 1));
  });

  it('counts a lone surrogate as the 3 bytes of its replacement character', () => {
    expect(messageBytes({ body: '\uD800' })).toBe(3);
  });
});

describe('SQS_MESSAGE_LIMITS', () => {
  it('is SQS default: 10 attributes, 256 KiB, and cannot be changed', () => {
    expect(SQS_MESSAGE_LIMITS).toEqual({ maxAttributes: 10, maxMessageBytes: 262_144 });
    expect(Object.isFrozen(SQS_MESSAGE_LIMITS)).toBe(true);
  });
});

describe('messageLimitViolation', () => {
  const limits = { maxAttributes: 2, maxMessageBytes: 20 };

  it('accepts a message exactly at the limits', () => {
    const message = { body: 'x'.repeat(10), attributes: { a: '1' }, typedAttributes: {} };

    expect(messageBytes(message)).toBe(18);
    expect(messageLimitViolation({ ...message, body: 'x'.repeat(12) }, limits)).toBeUndefined();
  });

  it('refuses more attributes than allowed, counted after merging', () => {
    const merged = messageLimitViolation(
      {
        body: 'x',
        attributes: { a: '1', b: '2' },
        typedAttributes: { a: { dataType: 'Number', stringValue: '1' } },
      },
      limits,
    );
    const tooMany = messageLimitViolation(
      {
        body: 'x',
        attributes: { a: '1', b: '2' },
        typedAttributes: { c: { dataType: 'Number', stringValue: '1' } },
      },
      limits,
    );

    expect(merged).toBeUndefined();
    expect(tooMany).toMatchObject({ code: 'TooManyAttributes' });
    expect(tooMany?.message).toContain('3 attributes');
  });

  it('refuses a message over maxMessageBytes, attributes included', () => {
    const violation = messageLimitViolation(
      {
        body: 'x'.repeat(10),
        typedAttributes: { b: { dataType: 'Binary', binaryValue: new Uint8Array(4) } },
      },
      limits,
    );

    expect(violation).toMatchObject({ code: 'MessageTooLong' });
    expect(violation?.message).toContain('21 bytes');
  });
});
