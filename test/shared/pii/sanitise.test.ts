import { describe, expect, it } from 'vitest';
import { InvalidPiiOptionError } from '../../../src/shared/pii/invalid-pii-option-error.js';
import { sanitise } from '../../../src/shared/pii/sanitise.js';

describe('sanitise', () => {
  it('follows the source sanitiser rules: emails and ids masked, long strings truncated', () => {
    // Prepare
    const payload = {
      citizen_id: 1234567890,
      email: 'ana.lopez@example.com',
      documentTitle: 'Diploma',
      description: 'd'.repeat(250),
    };

    // Act
    const sanitised = sanitise(payload);

    // Assess
    expect(sanitised).toEqual({
      citizen_id: '***7890',
      email: '***e.com',
      documentTitle: 'Diploma',
      description: `${'d'.repeat(199)}…`,
    });
  });

  it('masks PII found in free text and under contact keys, and redacts secrets', () => {
    // Prepare
    const value = {
      note: 'call +5215512345678 or write to ana.lopez@example.com',
      phone: '5512345678',
      contactEmail: 'ana@intranet',
      candidateId: '6f1c3a8e-2b7d-4c1e-9f3a-8d2b7c1e4f5a',
      apiKey: 'k-123',
      callback: 'https://bot:t0k3n@hooks.example.com/x?access_token=EAAB',
    };

    // Act
    const sanitised = sanitise(value);

    // Assess
    expect(sanitised).toEqual({
      note: 'call +52*********78 or write to ***e.com',
      phone: '********78',
      contactEmail: '***ranet',
      candidateId: '6f1c3a8e-2b7d-4c1e-9f3a-8d2b7c1e4f5a',
      apiKey: '[REDACTED]',
      callback: 'https://bot:***@hooks.example.com/x?access_token=[REDACTED]',
    });
  });

  it('walks arrays, maps, sets, errors and dates into JSON-safe values', () => {
    // Prepare
    const error = Object.assign(new Error('lead ana.lopez@example.com rejected'), {
      code: 'LEAD_REJECTED',
      context: { nationalId: 'LOAA800101HDF' },
    });
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;

    // Act
    const sanitised = sanitise({
      list: ['a@b.co', 3, true, null, undefined],
      map: new Map([['email', 'ana@example.com']]),
      set: new Set(['+14155550123']),
      at: new Date('2026-03-10T09:00:00.000Z'),
      big: 10n,
      error,
      cyclic,
    });

    // Assess
    expect(sanitised).toEqual({
      list: ['***b.co', 3, true, null, undefined],
      map: { email: '***e.com' },
      set: ['+14*******23'],
      at: '2026-03-10T09:00:00.000Z',
      big: '10',
      error: {
        name: 'Error',
        message: 'lead ***e.com rejected',
        code: 'LEAD_REJECTED',
        context: { nationalId: '***1HDF' },
      },
      cyclic: { name: 'loop', self: '[Circular]' },
    });
  });

  it('masks before truncating, so an email across the cut is never half readable', () => {
    // Prepare
    const text = `${'x'.repeat(190)} ana.lopez@example.com trailing`;

    // Act
    const sanitised = sanitise(text) as string;

    // Assess
    expect(sanitised).toHaveLength(200);
    expect(sanitised).not.toContain('ana');
    expect(sanitised).not.toContain('lopez');
  });

  it('keeps PII when maskPii is false but still hides secrets', () => {
    // Act
    const sanitised = sanitise(
      { email: 'ana@example.com', rfc: 'LOAA800101AB1', token: 't' },
      { maskPii: false },
    );

    // Assess
    expect(sanitised).toEqual({
      email: 'ana@example.com',
      rfc: 'LOAA800101AB1',
      token: '[REDACTED]',
    });
  });

  it('honours extra id keys, the email style, the length and the depth', () => {
    // Act
    const sanitised = sanitise(
      {
        employeeNumber: 'E-00012345',
        mail: 'ana@example.com',
        deep: { a: { b: 1 } },
        s: 'abcdefghij',
      },
      { idKeys: ['employee_number'], emailStyle: 'keep-domain', maxStringLength: 8, maxDepth: 2 },
    );

    // Assess
    expect(sanitised).toEqual({
      employeeNumber: '***2345',
      mail: 'a***@ex…',
      deep: { a: '[Truncated]' },
      s: 'abcdefg…',
    });
  });

  it('does not modify its input', () => {
    // Prepare
    const value = { email: 'ana@example.com', nested: { phone: '+5215512345678' } };
    const copy = structuredClone(value);

    // Act
    sanitise(value);

    // Assess
    expect(value).toEqual(copy);
  });

  it.each([
    ['maxStringLength', { maxStringLength: -1 }],
    ['maxDepth', { maxDepth: 0.5 }],
  ])('rejects an invalid %s with PII_OPTION_INVALID', (option, options) => {
    // Act
    const act = () => sanitise('x', options);

    // Assess
    expect(act).toThrow(InvalidPiiOptionError);
    expect(act).toThrow(expect.objectContaining({ context: expect.objectContaining({ option }) }));
  });

  // Catastrophic backtracking would hang these until the test timeout fails them; the
  // time bound is generous so that only super-linear behaviour can trip it.
  it.each([
    ['a local part without @', `${'a.'.repeat(200_000)}`],
    ['@ chains', `${'a@'.repeat(100_000)}`],
    ['domain labels without a TLD', `a@${'b1.'.repeat(100_000)}`],
    ['digit groups', `${'1 '.repeat(100_000)}x`],
    ['hyphenated digits', `${'12-'.repeat(100_000)}`],
    ['a long digit run', `+${'9'.repeat(300_000)}`],
    ['URL-like text', `${'a:'.repeat(50_000)}//${'b:'.repeat(50_000)}`],
    ['query secrets', `?token=${'&token='.repeat(50_000)}`],
  ])('stays linear on adversarial input: %s', (_label, text) => {
    // Act
    const started = performance.now();
    const sanitised = sanitise({ text, email: text, phone: text, nationalId: text });
    const elapsed = performance.now() - started;

    // Assess
    expect(elapsed).toBeLessThan(2_000);
    expect((sanitised as { text: string }).text.length).toBeLessThanOrEqual(200);
  });
});
