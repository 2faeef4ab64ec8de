import {
  ConflictError,
  DomainError,
  InfrastructureError,
  isBaltraError,
  NotFoundError,
  ValidationError,
} from '@baltra/sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

describe('errors', () => {
  it('gives every class a stable code, its own name and the SDK brand', () => {
    const errors = [
      [new DomainError('rule broken'), 'DOMAIN_RULE_VIOLATED', 'DomainError'],
      [new DomainError('custom', { code: 'QUOTA_EXCEEDED' }), 'QUOTA_EXCEEDED', 'DomainError'],
      [new NotFoundError('Candidate', 'c-1'), 'NOT_FOUND', 'NotFoundError'],
      [new ConflictError('duplicate'), 'CONFLICT', 'ConflictError'],
      [new InfrastructureError('db down'), 'INFRASTRUCTURE_FAILURE', 'InfrastructureError'],
    ] as const;

    for (const [error, code, name] of errors) {
      expect(error.code).toBe(code);
      expect(error.name).toBe(name);
      expect(isBaltraError(error)).toBe(true);
    }
    expect(isBaltraError(new Error('plain'))).toBe(false);
    expect(isBaltraError('text')).toBe(false);
  });

  it('keeps the cause of an infrastructure error and leaves it out of JSON', () => {
    const cause = new Error('ECONNREFUSED');

    const error = new InfrastructureError('cannot reach the database', {
      cause,
      context: { host: 'db' },
    });

    expect(error.cause).toBe(cause);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'InfrastructureError',
      code: 'INFRASTRUCTURE_FAILURE',
      message: 'cannot reach the database',
      context: { host: 'db' },
    });
  });

  it('lists every zod issue with its path in a validation error', () => {
    const result = z.object({ name: z.string(), age: z.number() }).safeParse({ age: 'x' });
    if (result.success) throw new Error('expected a failure');

    const error = ValidationError.fromZod('person', result.error);

    expect(error.issues).toHaveLength(2);
    expect(error.message).toMatch(/^person is invalid: name: .+; age: .+/);
    expect(
      new ValidationError('root', [{ code: 'custom', path: [], message: 'bad', input: 1 }]).message,
    ).toBe('root is invalid: (root): bad');
  });

  it('names the entity and id of a missing thing', () => {
    expect(new NotFoundError('Company', 'co-9')).toMatchObject({
      message: 'Company co-9 was not found',
      context: { entity: 'Company', id: 'co-9' },
    });
  });
});

describe('ConflictError', () => {
  it('carries a more specific code when given one, and CONFLICT otherwise', () => {
    const timeout = new ConflictError('lock busy', {
      code: 'LOCK_TIMEOUT',
      context: { lock: 'ingest' },
    });

    expect(timeout).toBeInstanceOf(ConflictError);
    expect(timeout.toJSON()).toEqual({
      name: 'ConflictError',
      code: 'LOCK_TIMEOUT',
      message: 'lock busy',
      context: { lock: 'ingest' },
    });
    expect(new ConflictError('duplicate').code).toBe('CONFLICT');
  });
});
