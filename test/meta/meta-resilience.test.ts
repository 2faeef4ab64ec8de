import { randomUUID } from 'node:crypto';
import type { ResilienceEvent } from '@baltra/sdk';
import {
  MetaAdSpendSource,
  MetaLeadSource,
  type MetaResilienceOptions,
  withAdSpendSourceResilience,
  withLeadSourceResilience,
} from '@baltra/sdk/meta';
import { expectBaltraError } from '@baltra/sdk/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { anInsightRow, META_TEST_TOKEN, someFakeLeads } from '../support/fake-graph-fixtures.js';
import { FakeGraphServer } from '../support/fake-graph-server.js';

const COMPANY = '00000000-0000-4000-8000-000000000001';
let fake: FakeGraphServer;

beforeAll(async () => {
  fake = await FakeGraphServer.start();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());
afterEach(() => {
  vi.useRealTimers();
});

/** A resilient lead source whose sleeps are recorded, not waited for. */
function aResilientSource(options: MetaResilienceOptions = {}) {
  const sleeps: number[] = [];
  const events: ResilienceEvent[] = [];
  const inner = new MetaLeadSource({ accessToken: META_TEST_TOKEN, graphBaseUrl: fake.url });
  const source = withLeadSourceResilience(inner, {
    name: `meta-${randomUUID()}`,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    onEvent: (event) => events.push(event),
    ...options,
  });
  const fetch = () =>
    source.fetchLeads({ companyId: COMPANY, sourceKey: 'form-1', cursor: null, limit: 10 });
  return { fetch, sleeps, events };
}

describe('withLeadSourceResilience over MetaLeadSource (real SDK, fake Graph)', () => {
  it('retries a 5xx with exponential backoff and then succeeds', async () => {
    // Prepare
    fake.addLeads('form-1', someFakeLeads(2));
    fake.failWith({ kind: 'unavailable', status: 503 }, 2);
    const { fetch, sleeps } = aResilientSource({ retry: { initialDelayMs: 100 } });

    // Act
    const page = await fetch();

    // Assess
    expect(page.leads).toHaveLength(2);
    expect(fake.requestCount).toBe(3);
    expect(sleeps).toEqual([75, 150]);
  });

  it('honours retryAfterMs of a throttling response: the next request waits at least that long', async () => {
    // Prepare
    fake.addLeads('form-1', someFakeLeads(1));
    fake.failWith({ kind: 'throttled', code: 17, regainMinutes: 2 }, 1);
    const { fetch, sleeps, events } = aResilientSource({
      retry: { maxDelayMs: 1_000, maxRetryAfterMs: 300_000 },
    });

    // Act
    const page = await fetch();

    // Assess
    expect(page.leads).toHaveLength(1);
    expect(fake.requestCount).toBe(2);
    expect(sleeps).toEqual([120_000]);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'retry', delayMs: 120_000, error: 'RATE_LIMITED' }),
    );
  });

  it('gives up at once when the advertised wait exceeds maxRetryAfterMs (never sends early)', async () => {
    // Prepare
    fake.failWith({ kind: 'throttled', code: 613, regainMinutes: 30 });
    const { fetch, sleeps, events } = aResilientSource({ retry: { maxRetryAfterMs: 60_000 } });

    // Act
    const error = await expectBaltraError(fetch(), 'RATE_LIMITED');

    // Assess
    expect(error).toMatchObject({ retryAfterMs: 1_800_000 });
    expect(fake.requestCount).toBe(1);
    expect(sleeps).toEqual([]);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'give-up', error: 'RATE_LIMITED' }),
    );
  });

  it.each([
    ['auth', { kind: 'auth' } as const, 'META_AUTH_FAILED'],
    ['a bad request', { kind: 'bad-request' } as const, 'META_REQUEST_FAILED'],
  ])('never retries %s', async (_, fault, code) => {
    // Prepare
    fake.failWith(fault);
    const { fetch, sleeps } = aResilientSource();

    // Act
    await expectBaltraError(fetch(), code);

    // Assess
    expect(fake.requestCount).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('opens the breaker after its threshold, fails fast without reaching Graph, and closes after a healthy half-open trial', async () => {
    // Prepare: only Date is faked, so the breaker's half-open clock can be moved while sockets stay real.
    vi.useFakeTimers({ toFake: ['Date'] });
    fake.addLeads('form-1', someFakeLeads(1));
    fake.failWith({ kind: 'unavailable', status: 500 });
    const { fetch, events } = aResilientSource({
      retry: false,
      breaker: { consecutiveFailures: 3, halfOpenAfterMs: 30_000 },
    });

    // Act: a 5xx storm
    for (let i = 0; i < 3; i += 1) await expectBaltraError(fetch(), 'META_UNAVAILABLE');
    const reachedBeforeOpen = fake.requestCount;
    for (let i = 0; i < 20; i += 1) await expectBaltraError(fetch(), 'CIRCUIT_OPEN');
    const reachedWhileOpen = fake.requestCount - reachedBeforeOpen;
    // Graph recovers; half-open after 30 s
    fake.recover();
    vi.advanceTimersByTime(30_001);
    const trial = await fetch();
    const after = await fetch();

    // Assess
    expect(reachedBeforeOpen).toBe(3);
    expect(reachedWhileOpen).toBe(0);
    expect(trial.leads).toHaveLength(1);
    expect(after.leads).toHaveLength(1);
    expect(fake.requestCount).toBe(5);
    expect(
      events
        .filter((event) => event.type === 'circuit-state')
        .map((event) => event.type === 'circuit-state' && event.state),
    ).toEqual(['open', 'half-open', 'closed']);
  });

  it('reopens the breaker when the half-open trial fails', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    fake.failWith({ kind: 'unavailable', status: 502 });
    const { fetch } = aResilientSource({
      retry: false,
      breaker: { consecutiveFailures: 2, halfOpenAfterMs: 1_000 },
    });
    for (let i = 0; i < 2; i += 1) await expectBaltraError(fetch(), 'META_UNAVAILABLE');
    vi.advanceTimersByTime(1_001);

    // Act
    await expectBaltraError(fetch(), 'META_UNAVAILABLE');
    const next = fetch();

    // Assess
    await expectBaltraError(next, 'CIRCUIT_OPEN');
    expect(fake.requestCount).toBe(3);
  });

  it('an open circuit is not retried', async () => {
    // Prepare
    fake.failWith({ kind: 'unavailable' });
    const { fetch, sleeps } = aResilientSource({
      retry: { maxRetries: 5 },
      breaker: { consecutiveFailures: 2 },
    });

    // Act
    await expectBaltraError(fetch(), 'CIRCUIT_OPEN');

    // Assess
    expect(fake.requestCount).toBe(2);
    // Two sleeps after the two 5xx; none after CIRCUIT_OPEN although 5 retries were allowed.
    expect(sleeps).toHaveLength(2);
  });
});

describe('withAdSpendSourceResilience', () => {
  it('retries a transient failure of the insights call', async () => {
    // Prepare
    fake.setInsights('1', [anInsightRow()]);
    fake.failWith({ kind: 'unavailable' }, 1);
    const sleeps: number[] = [];
    const source = withAdSpendSourceResilience(
      new MetaAdSpendSource({
        accessToken: META_TEST_TOKEN,
        graphBaseUrl: fake.url,
        adAccountId: () => '1',
      }),
      { sleep: async (ms) => void sleeps.push(ms), random: () => 0 },
    );

    // Act
    const entries = await source.spend(COMPANY, {
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-03-02T00:00:00Z'),
    });

    // Assess
    expect(entries).toHaveLength(1);
    expect(sleeps).toEqual([100]);
  });
});
