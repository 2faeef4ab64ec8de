import { afterEach, describe, expect, it } from 'vitest';
import {
  configureLogging,
  getLogger,
  resetLogging,
} from '../../../src/shared/logging/configure-logging.js';
import { configureSettings } from '../../../src/shared/settings/core-settings.js';
import { SettingsError } from '../../../src/shared/settings/settings-error.js';
import { captureLogs } from '../support/log-capture.js';

afterEach(() => {
  resetLogging();
  configureSettings();
});

describe('configureLogging', () => {
  it('takes level and service from the settings', async () => {
    // Prepare
    configureSettings({ env: { BALTRA_LOG_LEVEL: 'debug', BALTRA_SERVICE_NAME: 'onboarding' } });
    const capture = captureLogs();

    // Act
    const log = configureLogging({ stream: capture.stream });
    log.debug('ready');
    const [entry] = await capture.entries();

    // Assess
    expect(entry).toMatchObject({ level: 'debug', message: 'ready', service: 'onboarding' });
  });

  it('lets options override the settings without reading them', async () => {
    // Prepare
    configureSettings({ env: { BALTRA_LOG_LEVEL: 'not-a-level' } });
    const capture = captureLogs();

    // Act
    const log = configureLogging({ stream: capture.stream, level: 'warn', service: 'svc' });
    log.info('dropped');
    log.warn('kept');
    const entries = await capture.entries();

    // Assess
    expect(entries).toEqual([expect.objectContaining({ message: 'kept', service: 'svc' })]);
  });

  it('fails with every settings problem when the settings are invalid', () => {
    // Prepare
    configureSettings({ env: { BALTRA_LOG_LEVEL: 'loud', BALTRA_ENVIRONMENT: 'prod' } });

    // Act
    const attempt = () => configureLogging({ stream: captureLogs().stream });

    // Assess
    expect(attempt).toThrow(SettingsError);
    expect(attempt).toThrow(/2 problems/);
  });

  it('makes the configured logger the default', () => {
    // Prepare
    configureSettings({ env: {} });

    // Act
    const configured = configureLogging({ stream: captureLogs().stream });

    // Assess
    expect(getLogger()).toBe(configured);
  });
});

describe('getLogger', () => {
  it('creates the default logger on first use and keeps it', () => {
    // Prepare
    configureSettings({ env: { BALTRA_LOG_LEVEL: 'error' } });

    // Act
    const first = getLogger();
    const second = getLogger();
    resetLogging();
    const afterReset = getLogger();

    // Assess
    expect(second).toBe(first);
    expect(afterReset).not.toBe(first);
  });
});
