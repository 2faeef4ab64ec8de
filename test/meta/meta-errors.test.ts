import {
  MetaGraphError,
  MetaLeadSource,
  MetaRateLimitedError,
  translateMetaError,
} from '@baltra/sdk/meta';
import { expectBaltraError } from '@baltra/sdk/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { META_TEST_TOKEN } from '../support/fake-graph-fixtures.js';
import { type FakeFault, FakeGraphServer } from '../support/fake-graph-server.js';

const COMPANY = '00000000-0000-4000-8000-000000000001';
let fake: FakeGraphServer;

beforeAll(async () => {
  fake = await FakeGraphServer.start();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function fetchOnce(timeoutMs = 5_000) {
  const source = new MetaLeadSource({
    accessToken: META_TEST_TOKEN,
    graphBaseUrl: fake.url,
    timeoutMs,
  });
  return source.fetchLeads({ companyId: COMPANY, sourceKey: 'form-1', cursor: null, limit: 5 });
}

function expectNoToken(error: Error): void {
  expect(error.message).not.toContain(META_TEST_TOKEN);
  expect(JSON.stringify(error)).not.toContain(META_TEST_TOKEN);
  expect(String(error.cause ?? '')).not.toContain(META_TEST_TOKEN);
  expect(error.stack ?? '').not.toContain(META_TEST_TOKEN);
}

describe('Meta error translation (real SDK, fake Graph)', () => {
  it.each<[string, FakeFault, number]>([
    [
      'code 17 with x-business-use-case-usage',
      { kind: 'throttled', code: 17, regainMinutes: 2 },
      120_000,
    ],
    [
      'code 613 with x-app-usage',
      { kind: 'throttled', code: 613, regainMinutes: 1, header: 'x-app-usage' },
      60_000,
    ],
    ['code 80004, no usage header', { kind: 'throttled', code: 80_004 }, Number.NaN],
    ['HTTP 429', { kind: 'throttled', code: 1, status: 429, regainMinutes: 3 }, 180_000],
  ])(
    'throttling (%s) becomes RATE_LIMITED with retryAfterMs from the usage header',
    async (_, fault, retryAfterMs) => {
      // Prepare
      fake.failWith(fault);

      // Act
      const error = await expectBaltraError(fetchOnce(), 'RATE_LIMITED');

      // Assess
      expect(error).toBeInstanceOf(MetaRateLimitedError);
      const limited = error as MetaRateLimitedError;
      expect(limited.retryAfterMs).toBe(Number.isNaN(retryAfterMs) ? undefined : retryAfterMs);
      expect(limited.retryable).toBe(true);
      expectNoToken(error);
    },
  );

  it.each<[string, FakeFault]>([
    ['code 190', { kind: 'auth' }],
    ['code 102', { kind: 'auth', code: 102 }],
    ['HTTP 401', { kind: 'auth', code: 999, status: 401 }],
    ['HTTP 403', { kind: 'auth', code: 999, status: 403 }],
  ])('auth failure (%s) becomes META_AUTH_FAILED, not retryable', async (_, fault) => {
    // Prepare
    fake.failWith(fault);

    // Act
    const error = await expectBaltraError(fetchOnce(), 'META_AUTH_FAILED');

    // Assess
    expect(error).toBeInstanceOf(MetaGraphError);
    expect((error as MetaGraphError).retryable).toBe(false);
    const status = fault.kind === 'auth' ? (fault.status ?? 400) : undefined;
    expect((error as MetaGraphError).context).toMatchObject({ status, fbtraceId: 'AbCdEf123' });
    expectNoToken(error);
  });

  it.each([500, 502, 503])('HTTP %i becomes META_UNAVAILABLE, retryable', async (status) => {
    // Prepare
    fake.failWith({ kind: 'unavailable', status });

    // Act
    const error = await expectBaltraError(fetchOnce(), 'META_UNAVAILABLE');

    // Assess
    expect((error as MetaGraphError).retryable).toBe(true);
    expect((error as MetaGraphError).context).toMatchObject({ status, graphCode: 2 });
    expectNoToken(error);
  });

  it('a slow response becomes META_UNAVAILABLE after the timeout', async () => {
    // Prepare
    fake.failWith({ kind: 'slow', delayMs: 1_000 }, 1);

    // Act
    const error = await expectBaltraError(fetchOnce(100), 'META_UNAVAILABLE');

    // Assess
    expect(error.message).toMatch(/timed out after 100 ms/);
    expect((error as MetaGraphError).retryable).toBe(true);
  });

  it('a refused connection becomes META_UNAVAILABLE', async () => {
    // Prepare
    const gone = await FakeGraphServer.start();
    await gone.close();
    const source = new MetaLeadSource({ accessToken: META_TEST_TOKEN, graphBaseUrl: gone.url });

    // Act
    const error = await expectBaltraError(
      source.fetchLeads({ companyId: COMPANY, sourceKey: 'form-1', cursor: null, limit: 5 }),
      'META_UNAVAILABLE',
    );

    // Assess
    expectNoToken(error);
  });

  it('any other Graph error becomes META_REQUEST_FAILED, not retryable', async () => {
    // Prepare
    fake.failWith({ kind: 'bad-request' });

    // Act
    const error = await expectBaltraError(fetchOnce(), 'META_REQUEST_FAILED');

    // Assess
    expect(error.message).toContain('(#100) Invalid parameter');
    expect((error as MetaGraphError).retryable).toBe(false);
    expectNoToken(error);
  });

  it('scrubs the token from an SDK error whose message carries the request URL', () => {
    // Prepare
    const url = `https://graph.facebook.com/v24.0/1/leads?access_token=${META_TEST_TOKEN}&limit=5`;
    const sdkError = Object.assign(new Error(`request to ${url} failed`), { status: null, url });

    // Act
    const error = translateMetaError(sdkError, {
      operation: 'GET {formId}/leads',
      accessToken: META_TEST_TOKEN,
    });

    // Assess
    expect(error.code).toBe('META_UNAVAILABLE');
    expect(error.message).toContain('access_token=[redacted]&limit=5');
    expectNoToken(error);
  });

  it('masks emails and phones that Graph echoes in its message', () => {
    // Prepare
    const sdkError = Object.assign(new Error('bad request'), {
      status: 400,
      response: {
        error: {
          message: '(#100) lead ana.lopez@example.com has invalid phone +5215512345678',
          code: 100,
        },
      },
    });

    // Act
    const error = translateMetaError(sdkError, { operation: 'GET {formId}/leads' });

    // Assess
    expect(error.message).toContain('lead ***e.com has invalid phone +52*********78');
    expect(error.message).not.toContain('lopez');
  });
});
