import { describe, expect, it } from 'vitest';
import { maskPhone } from '../../../src/shared/pii/mask-phone.js';

describe('maskPhone', () => {
  it.each([
    ['+5215512345678', '+52*********78'],
    ['+52 (55) 1234-5678', '+52********78'],
    [' +1-415-555-0123', '+14*******23'],
    ['55 1234 5678', '********78'],
    ['5512345678', '********78'],
    ['123456', '****56'],
  ])('masks %s keeping the country prefix and the last two digits', (phone, expected) => {
    // Act
    const masked = maskPhone(phone);

    // Assess
    expect(masked).toBe(expected);
  });

  it.each([['12345'], ['unknown'], ['']])('masks %j whole when it has too few digits', (phone) => {
    // Act
    const masked = maskPhone(phone);

    // Assess
    expect(masked).toBe('***');
  });

  it('handles a very long value in linear time', () => {
    // Prepare
    const phone = `+${'9'.repeat(500_000)}`;

    // Act
    const masked = maskPhone(phone);

    // Assess
    expect(masked).toHaveLength(500_001);
    expect(masked.slice(0, 3)).toBe('+99');
    expect(masked.slice(3, -2)).toMatch(/^\*+$/);
  });
});
