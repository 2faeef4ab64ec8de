import { describe, expect, it } from 'vitest';
import { InvalidPiiOptionError } from '../../../src/shared/pii/invalid-pii-option-error.js';
import { truncate } from '../../../src/shared/pii/truncate.js';

describe('truncate', () => {
  it('cuts strings over 200 characters to 200, ending with an ellipsis', () => {
    // Act
    const cut = truncate('x'.repeat(300));
    const kept = truncate('y'.repeat(200));

    // Assess
    expect(cut).toBe(`${'x'.repeat(199)}…`);
    expect(kept).toBe('y'.repeat(200));
  });

  it('says how much was cut with the count marker', () => {
    // Act
    const cut = truncate('abcdefghij', { maxLength: 4, marker: 'count' });

    // Assess
    expect(cut).toBe('abcd…[truncated 6 chars]');
  });

  it('never splits a surrogate pair', () => {
    // Prepare
    const text = `abc😀def`; // the emoji is two UTF-16 units at 3 and 4

    // Act
    const ellipsis = truncate(text, { maxLength: 5 });
    const counted = truncate(text, { maxLength: 4, marker: 'count' });

    // Assess
    expect(ellipsis).toBe('abc…');
    expect(counted).toBe('abc…[truncated 5 chars]');
  });

  it('returns an empty string for a zero length', () => {
    // Act
    const cut = truncate('abc', { maxLength: 0 });

    // Assess
    expect(cut).toBe('');
  });

  it.each([[-1], [1.5], [Number.NaN]])('rejects maxLength %s with PII_OPTION_INVALID', (max) => {
    // Act
    const act = () => truncate('abc', { maxLength: max });

    // Assess
    expect(act).toThrow(InvalidPiiOptionError);
    expect(act).toThrow(expect.objectContaining({ code: 'PII_OPTION_INVALID' }));
  });
});
