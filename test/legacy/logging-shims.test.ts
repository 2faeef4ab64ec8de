import { PassThrough } from 'node:stream';
import { configureLogging, getLogger, resetLogging } from '@baltra/sdk';
import { configureLogging as legacyConfigureLogging, setupLogging } from '@baltra/sdk/legacy';
import { afterEach, describe, expect, it } from 'vitest';
import { onlyWarning, useDeprecationSpy } from './support/deprecation-spy.js';

/** A stream the logger writes to, and the entries it wrote (without their timestamp). */
function capture() {
  const stream = new PassThrough();
  const entries: Record<string, unknown>[] = [];
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      const { timestamp: _ignored, ...entry } = JSON.parse(line) as Record<string, unknown>;
      entries.push(entry);
    }
  });
  return { stream, entries };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('legacy logging shims', () => {
  const deprecations = useDeprecationSpy();
  afterEach(() => resetLogging());

  it('setupLogging writes what configureLogging writes and warns once naming it', async () => {
    // Prepare
    const legacy = capture();
    const current = capture();

    // Act
    setupLogging({ level: 'warn', service: 'leads', stream: legacy.stream }).warn('lead skipped', {
      email: 'ana@example.com',
    });
    setupLogging({ level: 'error', stream: legacy.stream, service: 'leads' });
    configureLogging({ level: 'warn', service: 'leads', stream: current.stream }).warn(
      'lead skipped',
      { email: 'ana@example.com' },
    );
    await flush();

    // Assess
    expect(legacy.entries[0]).toEqual(current.entries[0]);
    expect(legacy.entries[0]).toMatchObject({ service: 'leads', email: 'a***@example.com' });
    const warning = onlyWarning(deprecations, 'BALTRA_DEP001');
    expect(warning.message).toContain('setupLogging()');
    expect(warning.message).toContain('configureLogging() from @baltra/sdk');
  });

  it("setupLogging accepts carpeta_common's service name and installs the default logger", async () => {
    // Act
    const logger = setupLogging('gateway');

    // Assess
    expect(getLogger()).toBe(logger);
    expect(deprecations.withCode('BALTRA_DEP001')).toHaveLength(1);
  });

  it('the legacy configureLogging maps Python levels and serviceName onto configureLogging and warns once', async () => {
    // Prepare
    const legacy = capture();
    const current = capture();

    // Act
    const logger = legacyConfigureLogging({
      level: 'WARNING',
      serviceName: 'reten',
      stream: legacy.stream,
    });
    logger.info('dropped below the level');
    logger.warn('kept', { count: 2 });
    legacyConfigureLogging({ level: 'CRITICAL', service: 'reten', stream: legacy.stream }).warn(
      'dropped: CRITICAL is error',
    );
    const sdk = configureLogging({ level: 'warn', service: 'reten', stream: current.stream });
    sdk.info('dropped below the level');
    sdk.warn('kept', { count: 2 });
    await flush();

    // Assess
    expect(legacy.entries).toEqual(current.entries);
    expect(legacy.entries).toEqual([
      expect.objectContaining({ level: 'warn', message: 'kept', service: 'reten', count: 2 }),
    ]);
    const warning = onlyWarning(deprecations, 'BALTRA_DEP003');
    expect(warning.message).toContain('configureLogging() of @baltra/sdk/legacy');
    expect(warning.message).toContain('configureLogging() from @baltra/sdk');
  });

  it('the legacy configureLogging passes the new level names through unchanged', async () => {
    // Prepare
    const legacy = capture();

    // Act
    legacyConfigureLogging({ level: 'debug', service: 'reten', stream: legacy.stream }).debug('x');
    await flush();

    // Assess
    expect(legacy.entries).toEqual([expect.objectContaining({ level: 'debug', message: 'x' })]);
    expect(deprecations.withCode('BALTRA_DEP003')).toHaveLength(1);
  });
});
