import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConflictError,
  DomainError,
  InfrastructureError,
  NotFoundError,
  ValidationError,
} from '../../src/domain/errors.js';
import { AuthenticationError } from '../../src/shared/auth/authentication-error.js';
import { AuthorizationError } from '../../src/shared/auth/authorization-error.js';
import { runWithContext } from '../../src/shared/context/execution-context.js';
import {
  acceptCorrelationId,
  outboundCorrelationHeaders,
  readInboundCorrelation,
} from '../../src/shared/http/correlation.js';
import { EdgeError } from '../../src/shared/http/edge-error.js';
import { envelopeSchema, fail, ok } from '../../src/shared/http/envelope.js';
import { HttpClientError } from '../../src/shared/http/http-client-error.js';
import { isIdempotentRequest } from '../../src/shared/http/is-idempotent-request.js';
import { toErrorEnvelope } from '../../src/shared/http/to-error-envelope.js';
import {
  formatTraceparent,
  newSpanId,
  newTraceId,
  parseTraceparent,
} from '../../src/shared/http/trace-context.js';
import { CircuitOpenError } from '../../src/shared/resilience/circuit-open-error.js';
import { OperationTimeoutError } from '../../src/shared/resilience/operation-timeout-error.js';
import { SettingsError } from '../../src/shared/settings/settings-error.js';
import { STACK_FRAME } from './support/leak-checks.js';

class RateLimitedError extends EdgeError {
  readonly code = 'RATE_LIMITED';
}

describe('the envelope', () => {
  it('builds and validates { ok, data } and { ok: false, error }', () => {
    // Prepare
    const schema = envelopeSchema(z.object({ id: z.string() }));

    // Act
    const success = schema.parse(ok({ id: 'c-1' }));
    const failure = schema.parse(fail('NOT_FOUND', 'Candidate c-9 was not found'));
    const invalid = schema.safeParse({ ok: true, data: { id: 1 } });

    // Assess
    expect(success).toEqual({ ok: true, data: { id: 'c-1' } });
    expect(failure).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Candidate c-9 was not found' },
    });
    expect(invalid.success).toBe(false);
  });
});

describe('toErrorEnvelope', () => {
  it.each([
    ['ValidationError', new ValidationError('candidate', []), 400, 'VALIDATION_FAILED'],
    ['AuthenticationError', new AuthenticationError('bad_signature'), 401, 'UNAUTHENTICATED'],
    ['AuthorizationError', new AuthorizationError(['x:write']), 403, 'FORBIDDEN'],
    ['NotFoundError', new NotFoundError('Candidate', 'c-9'), 404, 'NOT_FOUND'],
    ['ConflictError', new ConflictError('already hired'), 409, 'CONFLICT'],
    ['a RATE_LIMITED error', new RateLimitedError('slow down'), 429, 'RATE_LIMITED'],
    [
      'an illegal stage move',
      new DomainError('no', { code: 'ILLEGAL_STAGE_TRANSITION' }),
      422,
      'ILLEGAL_STAGE_TRANSITION',
    ],
    ['CircuitOpenError', new CircuitOpenError('crm'), 503, 'CIRCUIT_OPEN'],
    ['OperationTimeoutError', new OperationTimeoutError('crm', 100), 504, 'TIMEOUT'],
  ])('maps %s to %i %s', (_name, error, status, code) => {
    // Act
    const mapped = toErrorEnvelope(error);

    // Assess
    expect(mapped.status).toBe(status);
    expect(mapped.body).toEqual({ ok: false, error: { code, message: expect.any(String) } });
  });

  it('keeps the message of client errors but masks secrets and PII in it', () => {
    // Act
    const { body } = toErrorEnvelope(
      new ConflictError('ana.lopez@example.com already has Bearer abc.def.ghi'),
    );

    // Assess
    expect(body.error.message).toBe('a***@example.com already has Bearer [REDACTED]');
  });

  it.each([
    ['a plain Error', new Error('connect postgres://app:hunter2@db:5432 failed')],
    ['an InfrastructureError', new InfrastructureError('pg pool: password authentication failed')],
    ['an upstream HTTP error', new HttpClientError({ method: 'GET', path: '/x', status: 500 })],
    ['invalid settings', new SettingsError([{ variable: 'DATABASE_URL', message: 'bad' }])],
    ['a thrown string', 'oops'],
    ['null', null],
  ])('answers %s with a generic 500, no message, stack or cause', (_name, error) => {
    // Act
    const mapped = toErrorEnvelope(error);
    const text = JSON.stringify(mapped);

    // Assess
    expect(mapped).toEqual({
      status: 500,
      body: { ok: false, error: { code: 'INTERNAL', message: 'Internal error' } },
    });
    expect(text).not.toMatch(STACK_FRAME);
  });

  it('maps framework errors carrying a 4xx status to fixed messages', () => {
    // Prepare
    const badJson = Object.assign(
      new SyntaxError('Unexpected token } in JSON at position 7: {"password": "x"}'),
      {
        status: 400,
        type: 'entity.parse.failed',
      },
    );
    const tooLarge = Object.assign(new Error('request entity too large'), { statusCode: 413 });

    // Act / Assess
    expect(toErrorEnvelope(badJson)).toEqual({
      status: 400,
      body: { ok: false, error: { code: 'BAD_REQUEST', message: 'The request is malformed' } },
    });
    expect(toErrorEnvelope(tooLarge).body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('accepts extra code → status pairs', () => {
    expect(
      toErrorEnvelope(new DomainError('quota', { code: 'QUOTA_EXCEEDED' }), {
        statusByCode: { QUOTA_EXCEEDED: 429 },
      }).status,
    ).toBe(429);
  });
});

describe('EdgeError', () => {
  it('carries the SDK brand and serialises without stack or cause', () => {
    // Prepare
    const error = new AuthenticationError('wrong_key', { keyId: 'abcd1234' });

    // Act
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;

    // Assess
    expect(Symbol.for('@baltra/sdk/error') in error).toBe(true);
    expect(json).toEqual({
      name: 'AuthenticationError',
      code: 'UNAUTHENTICATED',
      message: 'Missing or invalid credentials',
      context: { reason: 'wrong_key', keyId: 'abcd1234' },
    });
  });
});

describe('W3C traceparent', () => {
  it('parses valid headers and rejects invalid ones', () => {
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: 1,
    });
    expect(
      parseTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-future'),
    ).toMatchObject({ traceFlags: 0 });
    for (const invalid of [
      undefined,
      '',
      'garbage',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra',
    ]) {
      expect(parseTraceparent(invalid)).toBeUndefined();
    }
  });

  it('formats what it parses and generates non-zero ids', () => {
    // Prepare
    const context = { traceId: newTraceId(), spanId: newSpanId(), traceFlags: 1 };

    // Act
    const header = formatTraceparent(context);

    // Assess
    expect(header).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(parseTraceparent(header)).toEqual(context);
  });
});

describe('correlation', () => {
  it('adopts a safe inbound correlation id and replaces an unsafe one', () => {
    expect(acceptCorrelationId('corr-123_abc:1')).toBe('corr-123_abc:1');
    expect(acceptCorrelationId('line\nbreak')).toBeUndefined();
    expect(acceptCorrelationId('x'.repeat(129))).toBeUndefined();
    expect(readInboundCorrelation({ 'x-correlation-id': 'bad value!' }).correlationId).toMatch(
      /^[0-9a-f-]{36}$/,
    );
    expect(readInboundCorrelation({ 'x-correlation-id': ['a', 'b'] }).correlationId).not.toBe('a');
  });

  it('propagates the current context, or starts a new trace outside one', () => {
    // Prepare
    const traceId = newTraceId();

    // Act
    const inside = runWithContext(
      { correlationId: 'corr-1', traceId, spanId: newSpanId(), traceFlags: 0 },
      () => outboundCorrelationHeaders(),
    );
    const own = outboundCorrelationHeaders({ traceId, spanId: '1111111111111111', traceFlags: 0 });
    const outside = outboundCorrelationHeaders();

    // Assess
    expect(inside['x-correlation-id']).toBe('corr-1');
    expect(inside.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-00$`));
    expect(own.traceparent).toBe(`00-${traceId}-1111111111111111-00`);
    expect(parseTraceparent(outside.traceparent)?.traceId).not.toBe(traceId);
  });
});

describe('isIdempotentRequest', () => {
  it('allows GET/HEAD/PUT/DELETE/OPTIONS, and POST/PATCH only with an idempotency key', () => {
    expect(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'].map((m) => isIdempotentRequest(m))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(isIdempotentRequest('POST')).toBe(false);
    expect(isIdempotentRequest('PATCH', { 'Idempotency-Key': 'k-1' })).toBe(true);
    expect(isIdempotentRequest('POST', { 'idempotency-key': '  ' })).toBe(false);
  });
});
