import { describe, expect, it } from 'vitest';
import { maskSensitiveText } from '../../../src/shared/logging/mask-sensitive-text.js';

describe('maskSensitiveText', () => {
  it.each([
    ['ana.lopez@example.com', 'a***@example.com'],
    [
      'write to Ana.Lopez+jobs@mail.example.com.mx today',
      'write to A***@mail.example.com.mx today',
    ],
    ['a@b.co, z@y.io', 'a***@b.co, z***@y.io'],
  ])('masks the email in %s', (text, expected) => {
    // Act
    const masked = maskSensitiveText(text);

    // Assess
    expect(masked).toBe(expected);
  });

  it.each([
    ['+5215512345678', '+52*********78'],
    ['+14155550123', '+14*******23'],
    ['tel:+5215512345678.', 'tel:+52*********78.'],
    ['+52 55 1234 5678', '+52********78'],
    ['+52 (55) 1234-5678', '+52********78'],
    ['+1-415-555-0123', '+14*******23'],
    ['+44 (0)20 7946 0958', '+44*********58'],
    ['(555) 123-4567', '********67'],
    ['555-123-4567', '********67'],
    ['555.123.4567', '********67'],
    ['Llámame al 55 1234 5678.', 'Llámame al ********78.'],
  ])('masks the phone number in %s', (text, expected) => {
    // Act
    const masked = maskSensitiveText(text);

    // Assess
    expect(masked).toBe(expected);
  });

  it.each([
    ['a date', '2024-01-15'],
    ['a timestamp', '2024-01-15T10:20:30.123Z'],
    ['a date and time', '2024-01-15 10:20:30'],
    ['a European date', '15.01.2024'],
    ['an IPv4 address', '192.168.100.200'],
    ['a decimal', '1234.5678'],
    ['a bare id', 'lead 123456789012345'],
    ['epoch millis', '1700000000000'],
    ['a UUID', '12345678-1234-4234-8234-123456789012'],
    ['a short number', '+52 1234'],
    ['too many digits', '+1 234 567 890 123 456 789'],
    ['a version', 'v10.20.30'],
  ])('leaves %s alone', (_label, text) => {
    // Act
    const masked = maskSensitiveText(text);

    // Assess
    expect(masked).toBe(text);
  });

  it.each([
    ['postgres://app:hunter2@db:5432/recruiting', 'postgres://app:***@db:5432/recruiting'],
    [
      'connect to https://bot:t0k3n@api.example.com/x',
      'connect to https://bot:***@api.example.com/x',
    ],
    [
      'https://api.example.com/leads?access_token=EAAB123&limit=5',
      'https://api.example.com/leads?access_token=[REDACTED]&limit=5',
    ],
    ['GET /x?a=1&api_key=abc#frag', 'GET /x?a=1&api_key=[REDACTED]#frag'],
    ['Authorization: Bearer eyJhbGciOi.J9.abc', 'Authorization: Bearer [REDACTED]'],
    ['Basic dXNlcjpwYXNz', 'Basic [REDACTED]'],
  ])('always masks credentials in %s', (text, expected) => {
    // Act
    const masked = maskSensitiveText(text, { maskPii: false });

    // Assess
    expect(masked).toBe(expected);
  });

  it('keeps emails and phones when maskPii is false', () => {
    // Prepare
    const text = 'ana.lopez@example.com +5215512345678';

    // Act
    const masked = maskSensitiveText(text, { maskPii: false });

    // Assess
    expect(masked).toBe(text);
  });

  it.each([
    [
      'a JWT-shaped token',
      'rejected eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdmMifQ.c2lnbmF0dXJl here',
      'rejected [REDACTED] here',
    ],
    [
      "one of the SDK's API keys",
      'key bk_a1b2c3d4_Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5 failed',
      'key [REDACTED] failed',
    ],
    [
      'a password assignment',
      'connect failed: password=hunter2;',
      'connect failed: password=[REDACTED];',
    ],
    [
      'a quoted JSON secret',
      '{"client_secret": "s3cr3t-value"}',
      '{"client_secret": "[REDACTED]"}',
    ],
  ])('always redacts %s, also with maskPii false', (_name, text, expected) => {
    // Act
    const masked = maskSensitiveText(text);
    const credentialsOnly = maskSensitiveText(text, { maskPii: false });

    // Assess
    expect(masked).toBe(expected);
    expect(credentialsOnly).toBe(expected);
  });

  // A catastrophic-backtracking pattern would hang here until the test timeout fails it.
  it('handles long text without matches', () => {
    // Prepare
    const text = `${'a'.repeat(200_000)} ${'1 '.repeat(50_000)} ${'a.'.repeat(50_000)}`;

    // Act
    const masked = maskSensitiveText(text);

    // Assess
    expect(masked).toBe(text);
  });
});
