import { describe, expect, it } from 'vitest';
import { redactPii } from '../../../src/shared/logging/redact-pii.js';
import { toLogValue } from '../../../src/shared/logging/to-log-value.js';

class CodedError extends Error {
  readonly code = 'LEAD_REJECTED';
  readonly context = { leadId: 'l-1', contact: 'ana.lopez@example.com' };
}

describe('redactPii', () => {
  it('masks emails and phones deep inside objects and arrays', () => {
    // Prepare
    const value = {
      candidate: { email: 'ana.lopez@example.com', phone: '+5215512345678', name: 'Ana' },
      notes: ['called (555) 123-4567', 'no answer'],
    };

    // Act
    const redacted = redactPii(value);

    // Assess
    expect(redacted).toEqual({
      candidate: { email: 'a***@example.com', phone: '+52*********78', name: 'Ana' },
      notes: ['called ********67', 'no answer'],
    });
  });

  it('redacts values under sensitive keys, whatever their case or separators', () => {
    // Prepare
    const value = {
      password: 'hunter2',
      Password: 'hunter2',
      clientSecret: 's',
      access_token: 't',
      Authorization: 'Bearer x',
      apiKey: 'k',
      'x-api-key': 'k',
      API_KEY: 'k',
      cookie: 'c',
      'Set-Cookie': ['a=1'],
      databaseUrl: 'postgres://u:p@h/db',
      DATABASE_URL: 'postgres://u:p@h/db',
      pwd: 'p',
      nested: { credentials: { user: 'u', pass: 'p' } },
      keyboard: 'qwerty',
      sessionId: 's-1',
      empty: { token: null, secret: undefined },
    };

    // Act
    const redacted = redactPii(value);

    // Assess
    expect(redacted).toEqual({
      password: '[REDACTED]',
      Password: '[REDACTED]',
      clientSecret: '[REDACTED]',
      access_token: '[REDACTED]',
      Authorization: '[REDACTED]',
      apiKey: '[REDACTED]',
      'x-api-key': '[REDACTED]',
      API_KEY: '[REDACTED]',
      cookie: '[REDACTED]',
      'Set-Cookie': '[REDACTED]',
      databaseUrl: '[REDACTED]',
      DATABASE_URL: '[REDACTED]',
      pwd: '[REDACTED]',
      nested: { credentials: '[REDACTED]' },
      keyboard: 'qwerty',
      sessionId: 's-1',
      empty: { token: null, secret: undefined },
    });
  });

  it('redacts extra sensitive keys given as options', () => {
    // Act
    const redacted = redactPii({ curp: 'LOAA800101', badge: 'x' }, { sensitiveKeys: ['CURP'] });

    // Assess
    expect(redacted).toEqual({ curp: '[REDACTED]', badge: 'x' });
  });

  it('masks personal ids and contact details by the key they sit under', () => {
    // Act
    const redacted = redactPii(
      { rfc: 'LOAA800101AB1', citizen_id: 1234567890, mobile: '5512345678', badge: 'B-17' },
      { idKeys: ['badge'] },
    );

    // Assess
    expect(redacted).toEqual({
      rfc: '***1AB1',
      citizen_id: '***7890',
      mobile: '********78',
      badge: '***',
    });
  });

  it('truncates long strings, saying how much was cut', () => {
    // Prepare
    const long = 'x'.repeat(2_500);

    // Act
    const redacted = redactPii({ body: long, short: 'x'.repeat(2_000) }) as Record<string, string>;

    // Assess
    expect(redacted.body).toBe(`${'x'.repeat(2_000)}…[truncated 500 chars]`);
    expect(redacted.short).toHaveLength(2_000);
  });

  it('honours a custom maximum string length', () => {
    // Act
    const redacted = redactPii('abcdefghij', { maxStringLength: 4 });

    // Assess
    expect(redacted).toBe('abcd…[truncated 6 chars]');
  });

  it('masks an email that straddles the truncation point', () => {
    // Prepare
    const text = `${'x '.repeat(995)}ana.lopez@example.com${' y'.repeat(100)}`;

    // Act
    const redacted = redactPii(text) as string;

    // Assess
    expect(redacted).not.toContain('na.lop');
    expect(redacted).toContain('a***@');
  });

  it('replaces cycles but keeps shared references', () => {
    // Prepare
    const shared = { id: 'shared' };
    const node: Record<string, unknown> = { name: 'root', left: shared, right: shared };
    node.self = node;
    const list: unknown[] = ['a'];
    list.push(list);

    // Act
    const redacted = redactPii({ node, list });

    // Assess
    expect(redacted).toEqual({
      node: { name: 'root', left: { id: 'shared' }, right: { id: 'shared' }, self: '[Circular]' },
      list: ['a', '[Circular]'],
    });
  });

  it('serialises errors as name, redacted message, code, context and cause, without stack', () => {
    // Prepare
    const cause = new Error('upstream rejected +5215512345678');
    const error = new CodedError('lead from ana.lopez@example.com rejected', { cause });

    // Act
    const redacted = redactPii({ error });

    // Assess
    expect(redacted).toEqual({
      error: {
        name: 'Error',
        message: 'lead from a***@example.com rejected',
        code: 'LEAD_REJECTED',
        context: { leadId: 'l-1', contact: 'a***@example.com' },
        cause: { name: 'Error', message: 'upstream rejected +52*********78' },
      },
    });
  });

  it('keeps a masked stack when asked', () => {
    // Prepare
    const error = new TypeError('bad input from ana.lopez@example.com');

    // Act
    const redacted = redactPii(error, { includeStack: true }) as Record<string, string>;

    // Assess
    expect(redacted.name).toBe('TypeError');
    expect(redacted.stack).toMatch(/^TypeError: bad input from a\*\*\*@example\.com\n\s+at /);
  });

  it('lists the errors of an AggregateError', () => {
    // Prepare
    const error = new AggregateError([new Error('one'), new RangeError('two')], 'both failed');

    // Act
    const redacted = redactPii(error);

    // Assess
    expect(redacted).toEqual({
      name: 'AggregateError',
      message: 'both failed',
      errors: [
        { name: 'Error', message: 'one' },
        { name: 'RangeError', message: 'two' },
      ],
    });
  });

  it('turns dates, URLs, maps, sets and other values into JSON-safe forms', () => {
    // Prepare
    function handler(): void {}
    const value = {
      at: new Date('2024-01-15T10:20:30.000Z'),
      broken: new Date(Number.NaN),
      url: new URL('https://bot:t0k3n@api.example.com/leads'),
      map: new Map<unknown, unknown>([
        ['phone', '+5215512345678'],
        ['password', 'x'],
        [7, 'seven'],
      ]),
      set: new Set(['ana.lopez@example.com']),
      big: 12n,
      symbol: Symbol('s'),
      fn: handler,
      arrow: Object.defineProperty(() => 1, 'name', { value: '' }),
      bytes: new Uint8Array(16),
      buffer: new ArrayBuffer(8),
      custom: { toJSON: () => ({ email: 'ana.lopez@example.com' }) },
      flags: [true, 0, null, undefined],
    };

    // Act
    const redacted = redactPii(value);

    // Assess
    expect(redacted).toEqual({
      at: '2024-01-15T10:20:30.000Z',
      broken: 'Invalid Date',
      url: 'https://bot:***@api.example.com/leads',
      map: { phone: '+52*********78', password: '[REDACTED]', '7': 'seven' },
      set: ['a***@example.com'],
      big: '12',
      symbol: 'Symbol(s)',
      fn: '[Function handler]',
      arrow: '[Function anonymous]',
      bytes: '[Uint8Array 16 bytes]',
      buffer: '[ArrayBuffer 8 bytes]',
      custom: { email: 'a***@example.com' },
      flags: [true, 0, null, undefined],
    });
  });

  it('stops at the maximum depth', () => {
    // Prepare
    const deep = { a: { b: { c: { d: 'deep' } } } };

    // Act
    const redacted = redactPii(deep, { maxDepth: 2 });

    // Assess
    expect(redacted).toEqual({ a: { b: '[Truncated]' } });
  });

  it('does not modify its input', () => {
    // Prepare
    const value = { email: 'ana.lopez@example.com', password: 'p', list: ['+5215512345678'] };
    const copy = structuredClone(value);

    // Act
    redactPii(value);

    // Assess
    expect(value).toEqual(copy);
  });

  it('passes plain scalars through', () => {
    // Act
    const values = [
      redactPii(3),
      redactPii(true),
      redactPii(null),
      redactPii(undefined),
      redactPii('hi'),
    ];

    // Assess
    expect(values).toEqual([3, true, null, undefined, 'hi']);
  });
});

describe('toLogValue', () => {
  it('keeps PII when maskPii is false but still hides secrets', () => {
    // Prepare
    const value = {
      email: 'ana.lopez@example.com',
      token: 'abc',
      dsn: 'postgres://app:hunter2@db/x',
      note: 'see postgres://app:hunter2@db/x',
    };

    // Act
    const converted = toLogValue(value, { maskPii: false });

    // Assess
    expect(converted).toEqual({
      email: 'ana.lopez@example.com',
      token: '[REDACTED]',
      dsn: '[REDACTED]',
      note: 'see postgres://app:***@db/x',
    });
  });

  it('masks PII by default', () => {
    // Act
    const converted = toLogValue('ana.lopez@example.com');

    // Assess
    expect(converted).toBe('a***@example.com');
  });
});
