import { E164_PHONE, normalisePhone } from '@baltra/sdk';
import { expectBaltraError } from '@baltra/sdk/testing';
import { describe, expect, it } from 'vitest';

describe('normalisePhone', () => {
  it.each([
    ['55 1234 5678', '52', '+525512345678'],
    ['(55) 1234-5678', '52', '+525512345678'],
    ['55.1234.5678', '52', '+525512345678'],
    ['  5512345678  ', '52', '+525512345678'],
    ['+52 1 55 1234 5678', '52', '+5215512345678'],
    ['+52 (55) 1234-5678', '52', '+525512345678'],
    ['0052 55 1234 5678', '52', '+525512345678'],
    ['0044 20 7946 0958', '52', '+442079460958'],
    ['(212) 555-0100', '1', '+12125550100'],
    ['525512345678', '52', '+525512345678'],
    ['+1 212 555 0100', '52', '+12125550100'],
  ])('normalises %j (default country %s) to %s', (raw, countryCode, expected) => {
    const phone = normalisePhone(raw, countryCode);

    expect(phone).toBe(expected);
    expect(phone).toMatch(E164_PHONE);
  });

  it.each([
    ['', 'empty'],
    ['call me', 'letters'],
    ['55 1234 567', 'nine digits'],
    ['1234', 'too short'],
    ['+0 55 1234 5678', 'country code 0'],
    ['044 55 1234 5678', 'old national mobile prefix'],
    ['+52 55 1234 5678 ext 12', 'extension'],
    ['+52 55 1234+5678', 'plus inside'],
    ['+1234567890123456', 'more than 15 digits'],
    ['55/1234/5678', 'slashes'],
  ])('rejects %j (%s) with null', (raw) => {
    expect(normalisePhone(raw)).toBeNull();
  });

  it('uses Mexico (52) as the default country code', () => {
    expect(normalisePhone('8112345678')).toBe('+528112345678');
  });

  it('rejects a malformed default country code with VALIDATION_FAILED', async () => {
    for (const code of ['0', '+52', '1234', '']) {
      await expectBaltraError(
        Promise.resolve().then(() => normalisePhone('5512345678', code)),
        'VALIDATION_FAILED',
      );
    }
  });
});
