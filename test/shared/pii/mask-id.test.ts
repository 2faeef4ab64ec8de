import { describe, expect, it } from 'vitest';
import { maskId } from '../../../src/shared/pii/mask-id.js';

describe('maskId', () => {
  it.each<[string | number | bigint, string]>([
    ['1234567890', '***7890'],
    [1234567890, '***7890'],
    [1234567890123n, '***0123'],
    ['LOAA800101HDFPPN09', '***PN09'],
    ['  12345678 ', '***5678'],
  ])('keeps the last four characters of %s (the source sanitiser rule)', (id, expected) => {
    // Act
    const masked = maskId(id);

    // Assess
    expect(masked).toBe(expected);
  });

  it.each([['1234567'], ['A12'], ['']])('masks a short id %j whole', (id) => {
    // Act
    const masked = maskId(id);

    // Assess
    expect(masked).toBe('***');
  });
});
