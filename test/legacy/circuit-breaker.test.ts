import { CircuitOpenError, circuitBreakerPolicy } from '@baltra/sdk';
import { CircuitBreaker, CircuitBreakerState } from '@baltra/sdk/legacy';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { onlyWarning, useDeprecationSpy } from './support/deprecation-spy.js';

class HubError extends Error {}
class ValidationProblem extends Error {}

const fail = (error: Error) => () => Promise.reject(error);
const outcome = (promise: Promise<unknown>) =>
  promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error: (error as Error).constructor.name }),
  );

describe('legacy CircuitBreaker', () => {
  const deprecations = useDeprecationSpy();
  afterEach(() => vi.useRealTimers());

  it('fails like circuitBreakerPolicy on the same calls, and warns once', async () => {
    // Prepare
    const legacy = new CircuitBreaker({
      name: 'hub_api',
      failureThreshold: 2,
      recoveryTimeout: 60,
    });
    const current = circuitBreakerPolicy({
      name: 'hub_api',
      consecutiveFailures: 2,
      halfOpenAfterMs: 60_000,
      isFailure: () => true,
    });
    const calls = [
      () => Promise.resolve('ok'),
      fail(new HubError('503')),
      fail(new HubError('503')),
      () => Promise.resolve('not called: open'),
    ];

    // Act
    const legacyOutcomes = [];
    const currentOutcomes = [];
    for (const call of calls) {
      legacyOutcomes.push(await outcome(legacy.call(call)));
      currentOutcomes.push(await outcome(current.execute(call)));
    }

    // Assess
    expect(legacyOutcomes).toEqual(currentOutcomes);
    expect(legacyOutcomes.at(-1)).toEqual({ ok: false, error: 'CircuitOpenError' });
    expect(legacy.state).toBe(CircuitBreakerState.OPEN);
    const warning = onlyWarning(deprecations, 'BALTRA_DEP004');
    expect(warning.message).toContain('CircuitBreaker');
    expect(warning.message).toContain('circuitBreakerPolicy()');
  });

  it('goes closed → open → half_open → closed in carpeta_common state names', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    const breaker = new CircuitBreaker({ name: 'hub', failureThreshold: 1, recoveryTimeout: 10 });
    expect(breaker.state).toBe('closed');

    // Act
    await expect(breaker.call(fail(new HubError('down')))).rejects.toThrow('down');
    const whileOpen = breaker.state;
    await expect(breaker.call(() => 'skipped')).rejects.toBeInstanceOf(CircuitOpenError);
    vi.advanceTimersByTime(10_001);
    let duringTrial: string | undefined;
    const result = await breaker.call(async () => {
      await Promise.resolve(); // the breaker turns half-open once the trial call has started
      duringTrial = breaker.state;
      return 'recovered';
    });

    // Assess
    expect(whileOpen).toBe('open');
    expect(duringTrial).toBe('half_open');
    expect(result).toBe('recovered');
    expect(breaker.state).toBe('closed');
  });

  it('counts only the expectedErrors as failures when given', async () => {
    // Prepare
    const breaker = new CircuitBreaker({
      name: 'hub',
      failureThreshold: 1,
      expectedErrors: [HubError],
    });

    // Act
    await expect(breaker.call(fail(new ValidationProblem('bad input')))).rejects.toThrow();
    const afterOther = breaker.state;
    await expect(breaker.call(fail(new HubError('down')))).rejects.toThrow();

    // Assess
    expect(afterOther).toBe('closed');
    expect(breaker.state).toBe('open');
    expect(deprecations.withCode('BALTRA_DEP004')).toHaveLength(1);
  });
});
