import { describe, expect, it } from 'vitest';
import { maskEmail } from '../../../src/shared/pii/mask-email.js';

describe('maskEmail', () => {
  it.each([
    ['ana.lopez@example.com', '***e.com'],
    ['someone@hotmail.com', '***l.com'],
    ['a@b.co', '***b.co'],
    ['x@y.z', '***y.z'],
  ])('keeps only the tail of the domain of %s (the source sanitiser rule)', (address, expected) => {
    // Act
    const masked = maskEmail(address);

    // Assess
    expect(masked).toBe(expected);
  });

  it('keeps the first letter and the domain in the keep-domain style', () => {
    // Act
    const masked = maskEmail('Ana.Lopez+jobs@mail.example.com.mx', { style: 'keep-domain' });

    // Assess
    expect(masked).toBe('A***@mail.example.com.mx');
  });

  it.each([['not-an-email'], ['@example.com'], ['ana@'], ['']])(
    'masks %j whole when it has no local part or domain',
    (value) => {
      // Act
      const masked = maskEmail(value);

      // Assess
      expect(masked).toBe('***');
    },
  );

  it('never shows the local part, whatever its length', () => {
    // Prepare
    const local = 'secretname'.repeat(20_000);

    // Act
    const masked = maskEmail(`${local}@ex.io`);

    // Assess
    expect(masked).toBe('***ex.io');
  });
});
