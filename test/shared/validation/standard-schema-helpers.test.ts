import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isStandardSchema } from '../../../src/shared/validation/is-standard-schema.js';
import { issuePath } from '../../../src/shared/validation/issue-path.js';
import { redactIssueMessage } from '../../../src/shared/validation/redact-issue-message.js';

describe('isStandardSchema', () => {
  it.each([
    ['zod', z.object({ id: z.string() }), true],
    ['valibot', v.object({ id: v.string() }), true],
    ['arktype', type({ id: 'string' }), true],
    ['an object with safeParse only', { safeParse: () => ({ success: true }) }, false],
    ['another version', { '~standard': { version: 2, vendor: 'x', validate: () => ({}) } }, false],
    ['no validate', { '~standard': { version: 1, vendor: 'x' } }, false],
    ['null', null, false],
    ['a string', 'z.string()', false],
  ])('%s → %s', (_name, value, expected) => {
    expect(isStandardSchema(value)).toBe(expected);
  });
});

describe('issuePath', () => {
  it('reads plain keys and { key } segments alike, as text', async () => {
    // Prepare: the same bad item in zod (plain keys) and valibot ({ key } segments).
    const input = { items: [{ sku: 'a' }, { sku: 7 }] };
    const zodResult = await z
      .object({ items: z.array(z.object({ sku: z.string() })) })
      ['~standard'].validate(input);
    const valibotResult = await v
      .object({ items: v.array(v.object({ sku: v.string() })) })
      ['~standard'].validate(input);

    // Act
    const paths = [zodResult, valibotResult].map((result) =>
      issuePath(result.issues?.[0] ?? { message: '' }),
    );

    // Assess
    expect(paths).toEqual([
      ['items', '1', 'sku'],
      ['items', '1', 'sku'],
    ]);
    expect(issuePath({ message: 'Expected an object' })).toEqual([]);
  });
});

describe('redactIssueMessage', () => {
  it.each([
    ['a quoted string', 'Expected "a" but received "turbo"', { mode: 'turbo' }, true],
    ['a bare string of 4 or more', 'mode turbo is not allowed', { mode: 'turbo' }, true],
    ['a bare string shorter than 4', 'Invalid: expected one of ab, cd', { mode: 'ab' }, false],
    ['a whole number', 'Expected string but received 5215512345678', { mode: 5215512345678 }, true],
    ['a number inside another', 'Too big: expected <=100', { mode: 10 }, false],
    [
      'a message that names types only',
      'Invalid input: expected string, received number',
      { mode: 42 },
      false,
    ],
    ['a value at no path', 'Expected "x"', { other: 'x' }, false],
  ])('%s → hidden %s', (_name, message, input, hidden) => {
    // Act
    const shown = redactIssueMessage({ message, path: [{ key: 'mode' }] }, input);

    // Assess
    expect(shown).toBe(hidden ? 'invalid value (hidden)' : message);
  });
});
