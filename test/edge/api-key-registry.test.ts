import * as crypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiKeyRegistry } from '../../src/shared/auth/api-key-registry.js';
import { AuthenticationError } from '../../src/shared/auth/authentication-error.js';
import { generateApiKey } from '../../src/shared/auth/generate-api-key.js';
import { hashApiKey } from '../../src/shared/auth/hash-api-key.js';

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const timingSafeEqual = vi.mocked(crypto.timingSafeEqual);

function registryWith(...keys: ReturnType<typeof generateApiKey>[]): ApiKeyRegistry {
  return new ApiKeyRegistry(
    keys.map((key) => ({
      id: key.id,
      hash: key.hash,
      subject: 'partner-a',
      scopes: ['leads:read'],
    })),
  );
}

/** The presented key with one character of its secret changed at `index` (negative: from the end). */
function mutateSecretAt(key: string, index: number): string {
  const secretStart = key.indexOf('_', key.indexOf('_') + 1) + 1;
  const at = index >= 0 ? secretStart + index : key.length + index;
  const replacement = key[at] === 'x' ? 'y' : 'x';
  return `${key.slice(0, at)}${replacement}${key.slice(at + 1)}`;
}

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof AuthenticationError ? error.reason : 'not an AuthenticationError';
  }
}

afterEach(() => {
  timingSafeEqual.mockClear();
});

describe('generateApiKey and hashApiKey', () => {
  it('generates <prefix>_<id>_<256-bit secret> and its SHA-256 hash', () => {
    // Act
    const generated = generateApiKey({ prefix: 'bk', id: 'partner1' });

    // Assess
    expect(generated.key).toMatch(/^bk_partner1_[A-Za-z0-9_-]{43}$/);
    expect(generated.id).toBe('partner1');
    expect(generated.hash).toBe(crypto.createHash('sha256').update(generated.key).digest('hex'));
    expect(hashApiKey(generated.key)).toBe(generated.hash);
  });

  it('rejects invalid prefixes and ids', () => {
    expect(() => generateApiKey({ prefix: 'B_K' })).toThrow(RangeError);
    expect(() => generateApiKey({ id: 'UPPER' })).toThrow(RangeError);
  });
});

describe('ApiKeyRegistry.verify', () => {
  it('returns the principal of a valid key, with its scopes', () => {
    // Prepare
    const key = generateApiKey();
    const registry = registryWith(key);

    // Act
    const principal = registry.verify(key.key);

    // Assess
    expect(principal).toEqual({
      kind: 'api-key',
      subject: 'partner-a',
      keyId: key.id,
      scopes: ['leads:read'],
    });
  });

  it('accepts every active key during a rotation, and only the new one after revoking the old', () => {
    // Prepare
    const oldKey = generateApiKey();
    const newKey = generateApiKey();
    const registry = registryWith(oldKey, newKey);

    // Act
    const before = [registry.verify(oldKey.key).keyId, registry.verify(newKey.key).keyId];
    registry.revoke(oldKey.id);

    // Assess
    expect(before).toEqual([oldKey.id, newKey.id]);
    expect(reasonOf(() => registry.verify(oldKey.key))).toBe('key_revoked');
    expect(registry.verify(newKey.key).keyId).toBe(newKey.id);
  });

  it('rejects missing, malformed, unknown, wrong and expired keys with distinct reasons', () => {
    // Prepare
    const key = generateApiKey();
    const expired = generateApiKey();
    const now = new Date('2026-06-01T00:00:00Z');
    const registry = new ApiKeyRegistry(
      [
        { id: key.id, hash: key.hash, subject: 'a', scopes: [] },
        {
          id: expired.id,
          hash: expired.hash,
          subject: 'b',
          scopes: [],
          expiresAt: new Date('2026-05-31T23:59:59Z'),
        },
      ],
      { now: () => now },
    );

    // Act
    const reasons = {
      missing: reasonOf(() => registry.verify(undefined)),
      empty: reasonOf(() => registry.verify('')),
      malformed: reasonOf(() => registry.verify('hello')),
      wrongPrefix: reasonOf(() => registry.verify(key.key.replace(/^bk_/, 'xx_'))),
      tooLong: reasonOf(() => registry.verify(`${key.key}${'a'.repeat(300)}`)),
      unknown: reasonOf(() => registry.verify(generateApiKey().key)),
      wrong: reasonOf(() => registry.verify(mutateSecretAt(key.key, 0))),
      expired: reasonOf(() => registry.verify(expired.key)),
    };

    // Assess
    expect(reasons).toEqual({
      missing: 'missing_credentials',
      empty: 'missing_credentials',
      malformed: 'malformed_credentials',
      wrongPrefix: 'malformed_credentials',
      tooLong: 'malformed_credentials',
      unknown: 'unknown_key',
      wrong: 'wrong_key',
      expired: 'key_expired',
    });
  });

  it('never puts the presented key in the error', () => {
    // Prepare
    const key = generateApiKey();
    const registry = registryWith(key);
    const presented = mutateSecretAt(key.key, 5);

    // Act
    let error: unknown;
    try {
      registry.verify(presented);
    } catch (caught) {
      error = caught;
    }

    // Assess
    const serialised = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack ?? ''}`;
    expect(serialised).not.toContain(presented);
    // The secret is base64url and may itself hold `_`: everything after the id is the secret.
    const secret = key.key.slice(key.key.indexOf('_', key.key.indexOf('_') + 1) + 1);
    expect(secret.length).toBeGreaterThan(40);
    expect(serialised).not.toContain(secret);
    expect(JSON.stringify(error)).toContain('"code":"UNAUTHENTICATED"');
  });

  it('compares with timingSafeEqual on full 32-byte digests wherever the key differs', () => {
    // Prepare
    const key = generateApiKey();
    const registry = registryWith(key);
    const presented = {
      correct: key.key,
      firstCharWrong: mutateSecretAt(key.key, 0),
      middleCharWrong: mutateSecretAt(key.key, 21),
      lastCharWrong: mutateSecretAt(key.key, -1),
      unknownId: generateApiKey().key,
    };

    // Act
    const calls = Object.entries(presented).map(([name, value]) => {
      timingSafeEqual.mockClear();
      const reason = reasonOf(() => registry.verify(value));
      return {
        name,
        reason,
        calls: timingSafeEqual.mock.calls.map(([a, b]) => [a.byteLength, b.byteLength]),
      };
    });

    // Assess
    expect(calls).toEqual([
      { name: 'correct', reason: undefined, calls: [[32, 32]] },
      { name: 'firstCharWrong', reason: 'wrong_key', calls: [[32, 32]] },
      { name: 'middleCharWrong', reason: 'wrong_key', calls: [[32, 32]] },
      { name: 'lastCharWrong', reason: 'wrong_key', calls: [[32, 32]] },
      { name: 'unknownId', reason: 'unknown_key', calls: [[32, 32]] },
    ]);
  });

  it('validates records: id, hash format and duplicates', () => {
    // Prepare
    const key = generateApiKey();
    const registry = registryWith(key);

    // Act / Assess
    expect(() => registry.add({ id: key.id, hash: key.hash, subject: 'x', scopes: [] })).toThrow(
      /Duplicate/,
    );
    expect(() => registry.add({ id: 'abcd', hash: 'not-hex', subject: 'x', scopes: [] })).toThrow(
      /hash/,
    );
    expect(() => registry.add({ id: 'A!', hash: key.hash, subject: 'x', scopes: [] })).toThrow(
      /id/,
    );
    expect(registry.revoke('nope')).toBe(false);
    expect(registry.size).toBe(1);
  });
});
