import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../src/domain/errors.js';
import { AuthenticationError } from '../../src/shared/auth/authentication-error.js';
import { BulkheadFullError } from '../../src/shared/resilience/bulkhead-full-error.js';
import { bulkheadPolicy } from '../../src/shared/resilience/bulkhead-policy.js';
import { circuitBreakerPolicy } from '../../src/shared/resilience/circuit-breaker-policy.js';
import { CircuitOpenError } from '../../src/shared/resilience/circuit-open-error.js';
import { isRetryableError } from '../../src/shared/resilience/is-retryable-error.js';
import { OperationTimeoutError } from '../../src/shared/resilience/operation-timeout-error.js';
import { PolicyEvents } from '../../src/shared/resilience/policy-events.js';
import { resilience } from '../../src/shared/resilience/resilience.js';
import type { ResilienceEvent } from '../../src/shared/resilience/resilience-event.js';
import { retryPolicy } from '../../src/shared/resilience/retry-policy.js';
import { timeoutPolicy } from '../../src/shared/resilience/timeout-policy.js';

const httpError = (status: number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`HTTP ${status}`), { status, ...extra });

/** A function failing with `errors` in turn, then returning 'done'. */
function failing(...errors: unknown[]) {
  const calls = { count: 0 };
  const fn = async () => {
    const error = errors[calls.count];
    calls.count += 1;
    if (error !== undefined) throw error;
    return 'done';
  };
  return { fn, calls };
}

function collect(policy: { onEvent(listener: (event: ResilienceEvent) => void): () => void }) {
  const events: ResilienceEvent[] = [];
  policy.onEvent((event) => events.push(event));
  return events;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('isRetryableError', () => {
  it.each([
    ['HTTP 503', httpError(503), true],
    ['HTTP 500 as statusCode', Object.assign(new Error('x'), { statusCode: 500 }), true],
    ['HTTP 429', httpError(429), true],
    ['HTTP 408', httpError(408), true],
    ['HTTP 400', httpError(400), false],
    ['HTTP 404', httpError(404), false],
    ['HTTP 401', httpError(401), false],
    ['timeout', new OperationTimeoutError('crm', 100), true],
    ['ECONNRESET', Object.assign(new Error('reset'), { code: 'ECONNRESET' }), true],
    [
      'fetch failed (ECONNREFUSED)',
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
      }),
      true,
    ],
    ['throttling', Object.assign(new Error('slow down'), { name: 'ThrottlingException' }), true],
    ['RATE_LIMITED code', Object.assign(new Error('x'), { code: 'RATE_LIMITED' }), true],
    ['validation', new ValidationError('input', []), false],
    ['authentication', new AuthenticationError('wrong_key'), false],
    ['open circuit', new CircuitOpenError('crm'), false],
    ['abort', Object.assign(new Error('aborted'), { name: 'AbortError' }), false],
    ['explicit retryable: false on a 503', httpError(503, { retryable: false }), false],
    ['plain Error', new Error('boom'), false],
    ['a string', 'boom', false],
  ])('%s → %s', (_name, error, expected) => {
    expect(isRetryableError(error)).toBe(expected);
  });
});

describe('retryPolicy', () => {
  it('retries retryable errors with backoff and emits one retry event per attempt', async () => {
    // Prepare
    const policy = retryPolicy({ name: 'crm', maxRetries: 3, initialDelayMs: 1, maxDelayMs: 5 });
    const events = collect(policy);
    const { fn, calls } = failing(httpError(503), httpError(502));

    // Act
    const result = await policy.execute(fn);

    // Assess
    expect(result).toBe('done');
    expect(calls.count).toBe(3);
    expect(events.map((event) => event.type)).toEqual(['retry', 'retry']);
    expect(events[0]).toMatchObject({ policy: 'crm', attempt: 1, error: 'Error' });
  });

  it.each([
    ['a validation error', new ValidationError('input', [])],
    ['an authentication error', new AuthenticationError('bad_signature')],
    ['a 400', httpError(400)],
    ['a 404', httpError(404)],
  ])('never retries %s', async (_name, error) => {
    // Prepare
    const policy = retryPolicy({ maxRetries: 3, initialDelayMs: 1 });
    const { fn, calls } = failing(error);

    // Act
    const outcome = await policy.execute(fn).catch((caught: unknown) => caught);

    // Assess
    expect(outcome).toBe(error);
    expect(calls.count).toBe(1);
  });

  it('gives up after maxRetries and rethrows the last error', async () => {
    // Prepare
    const policy = retryPolicy({ name: 'crm', maxRetries: 2, initialDelayMs: 1 });
    const events = collect(policy);
    const last = httpError(503);
    const { fn, calls } = failing(httpError(503), httpError(503), last);

    // Act
    const outcome = await policy.execute(fn).catch((caught: unknown) => caught);

    // Assess
    expect(outcome).toBe(last);
    expect(calls.count).toBe(3);
    expect(events.at(-1)).toEqual({ type: 'give-up', policy: 'crm', error: 'Error' });
  });

  it("waits at least the server's Retry-After, capped by maxDelayMs", async () => {
    // Prepare
    const policy = retryPolicy({ maxRetries: 2, initialDelayMs: 1, maxDelayMs: 30 });
    const events = collect(policy);
    const { fn } = failing(
      httpError(429, { retryAfterMs: 20 }),
      httpError(429, { retryAfterMs: 60_000 }),
    );

    // Act
    await policy.execute(fn);

    // Assess
    expect(events.map((event) => (event.type === 'retry' ? event.delayMs : -1))).toEqual([20, 30]);
  });

  it('refuses a negative maxRetries', () => {
    expect(() => retryPolicy({ maxRetries: -1 })).toThrow(RangeError);
  });
});

describe('circuitBreakerPolicy', () => {
  it('opens after consecutive failures, fails fast, then lets one half-open trial close it', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    const breaker = circuitBreakerPolicy({
      name: 'crm',
      consecutiveFailures: 2,
      halfOpenAfterMs: 1000,
    });
    const events = collect(breaker);
    const calls = { count: 0 };
    const down = async () => {
      calls.count += 1;
      throw httpError(503);
    };

    // Act
    await breaker.execute(down).catch(() => undefined);
    await breaker.execute(down).catch(() => undefined);
    const whileOpen = await breaker.execute(down).catch((error: unknown) => error);
    const callsWhileOpen = calls.count;
    vi.advanceTimersByTime(1001);
    const trial = await breaker.execute(async () => 'recovered');

    // Assess
    expect(whileOpen).toBeInstanceOf(CircuitOpenError);
    expect((whileOpen as CircuitOpenError).code).toBe('CIRCUIT_OPEN');
    expect(callsWhileOpen).toBe(2);
    expect(trial).toBe('recovered');
    expect(breaker.state).toBe('closed');
    expect(
      events.map((event) => (event.type === 'circuit-state' ? event.state : event.type)),
    ).toEqual(['open', 'half-open', 'closed']);
  });

  it('reopens when the half-open trial fails', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    const breaker = circuitBreakerPolicy({ consecutiveFailures: 1, halfOpenAfterMs: 500 });
    await breaker.execute(async () => Promise.reject(httpError(500))).catch(() => undefined);
    vi.advanceTimersByTime(501);

    // Act
    await breaker.execute(async () => Promise.reject(httpError(500))).catch(() => undefined);

    // Assess
    expect(breaker.state).toBe('open');
  });

  it('is not opened by client errors (4xx, validation)', async () => {
    // Prepare
    const breaker = circuitBreakerPolicy({ consecutiveFailures: 2 });

    // Act
    for (const error of [httpError(404), httpError(400), new ValidationError('x', [])]) {
      await breaker.execute(async () => Promise.reject(error)).catch(() => undefined);
    }

    // Assess
    expect(breaker.state).toBe('closed');
  });

  it('can sample a failure ratio over a window instead', async () => {
    // Prepare
    const breaker = circuitBreakerPolicy({
      sampling: { threshold: 0.5, windowMs: 1000, minimumRps: 1 },
    });

    // Act
    for (let i = 0; i < 6; i += 1) {
      await breaker.execute(async () => Promise.reject(httpError(503))).catch(() => undefined);
    }

    // Assess
    expect(breaker.state).toBe('open');
  });
});

describe('timeoutPolicy', () => {
  it('aborts the signal and throws OperationTimeoutError (retryable) when time is up', async () => {
    // Prepare
    const policy = timeoutPolicy({ name: 'crm', timeoutMs: 20 });
    const events = collect(policy);
    let seen: AbortSignal | undefined;

    // Act
    const outcome = await policy
      .execute(({ signal }) => {
        seen = signal;
        return new Promise<never>(() => undefined);
      })
      .catch((error: unknown) => error);

    // Assess
    expect(outcome).toBeInstanceOf(OperationTimeoutError);
    expect(outcome).toMatchObject({ code: 'TIMEOUT', retryable: true, timeoutMs: 20 });
    expect(seen?.aborted).toBe(true);
    expect(events).toEqual([{ type: 'timeout', policy: 'crm', timeoutMs: 20 }]);
  });

  it("surfaces the caller's abort reason, not a timeout", async () => {
    // Prepare
    const policy = timeoutPolicy({ timeoutMs: 10_000 });
    const controller = new AbortController();
    const reason = new Error('caller gave up');

    // Act
    const pending = policy.execute(() => new Promise<never>(() => undefined), controller.signal);
    controller.abort(reason);
    const outcome = await pending.catch((error: unknown) => error);

    // Assess
    expect(outcome).toBe(reason);
  });

  it('refuses a non-positive timeout', () => {
    expect(() => timeoutPolicy({ timeoutMs: 0 })).toThrow(RangeError);
  });
});

describe('bulkheadPolicy', () => {
  it('rejects calls beyond limit + queue with BulkheadFullError', async () => {
    // Prepare
    const policy = bulkheadPolicy({ name: 'reports', limit: 1, queue: 1 });
    const events = collect(policy);
    let release: () => void = () => undefined;
    const blocker = new Promise<void>((resolve) => {
      release = resolve;
    });

    // Act
    const running = policy.execute(() => blocker.then(() => 'first'));
    const queued = policy.execute(async () => 'second');
    const rejected = await policy.execute(async () => 'third').catch((error: unknown) => error);
    release();

    // Assess
    expect(rejected).toBeInstanceOf(BulkheadFullError);
    expect(await Promise.all([running, queued])).toEqual(['first', 'second']);
    expect(events).toEqual([{ type: 'bulkhead-rejected', policy: 'reports' }]);
  });

  it('refuses a limit below one', () => {
    expect(() => bulkheadPolicy({ limit: 0 })).toThrow(RangeError);
  });
});

describe('resilience()', () => {
  it('retries attempts that time out, each bounded by the timeout, and forwards every event', async () => {
    // Prepare
    const policy = resilience(
      retryPolicy({ name: 'crm', maxRetries: 1, initialDelayMs: 1 }),
      circuitBreakerPolicy({ name: 'crm', consecutiveFailures: 5 }),
      timeoutPolicy({ name: 'crm', timeoutMs: 20 }),
    );
    const events = collect(policy);
    let attempts = 0;

    // Act
    const result = await policy.execute(({ signal }) => {
      attempts += 1;
      if (attempts === 1) return new Promise<string>(() => undefined);
      return signal.aborted ? 'aborted' : 'second attempt';
    });

    // Assess
    expect(result).toBe('second attempt');
    expect(policy.name).toBe('crm+crm+crm');
    expect(events.map((event) => event.type)).toEqual(['timeout', 'retry']);
  });

  it('does not retry through an open circuit', async () => {
    // Prepare
    const breaker = circuitBreakerPolicy({ consecutiveFailures: 1, halfOpenAfterMs: 60_000 });
    const policy = resilience(retryPolicy({ maxRetries: 3, initialDelayMs: 1 }), breaker);
    const { fn, calls } = failing(httpError(503), httpError(503), httpError(503));

    // Act
    const outcome = await policy.execute(fn).catch((error: unknown) => error);

    // Assess
    expect(outcome).toBeInstanceOf(CircuitOpenError);
    expect(calls.count).toBe(1);
  });

  it('unsubscribes listeners from every policy', async () => {
    // Prepare
    const policy = resilience(timeoutPolicy({ timeoutMs: 5 }));
    const events: ResilienceEvent[] = [];
    const stop = policy.onEvent((event) => events.push(event));
    stop();

    // Act
    await policy.execute(() => new Promise<never>(() => undefined)).catch(() => undefined);

    // Assess
    expect(events).toEqual([]);
  });
});

describe('PolicyEvents', () => {
  it('swallows a throwing listener so the protected call is unaffected', () => {
    // Prepare
    const hub = new PolicyEvents();
    const seen: string[] = [];
    hub.on(() => {
      throw new Error('broken sink');
    });
    hub.on((event) => seen.push(event.type));

    // Act
    hub.emit({ type: 'bulkhead-rejected', policy: 'x' });

    // Assess
    expect(seen).toEqual(['bulkhead-rejected']);
  });
});
