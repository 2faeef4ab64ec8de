import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  configureSettings,
  getSettings,
  resetSettings,
} from '../../../src/shared/settings/core-settings.js';
import { SettingsError } from '../../../src/shared/settings/settings-error.js';

afterEach(() => {
  vi.unstubAllEnvs();
  configureSettings();
});

function settingsError(): SettingsError {
  try {
    getSettings();
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error('expected a SettingsError');
}

describe('getSettings', () => {
  it('has defaults for everything', () => {
    // Prepare
    configureSettings({ env: {} });

    // Act
    const settings = getSettings();

    // Assess
    expect(settings).toEqual({
      serviceName: 'baltra-service',
      environment: 'development',
      logLevel: 'info',
    });
  });

  it('reads BALTRA_ variables', () => {
    // Prepare
    configureSettings({
      env: {
        BALTRA_SERVICE_NAME: 'lead-ingestion',
        BALTRA_ENVIRONMENT: 'production',
        BALTRA_LOG_LEVEL: 'debug',
        BALTRA_DATABASE_URL: 'postgresql://app@db:5432/recruiting',
      },
    });

    // Act
    const settings = getSettings();

    // Assess
    expect(settings).toEqual({
      serviceName: 'lead-ingestion',
      environment: 'production',
      logLevel: 'debug',
      databaseUrl: 'postgresql://app@db:5432/recruiting',
    });
  });

  it('falls back to DATABASE_URL, preferring BALTRA_DATABASE_URL', () => {
    // Prepare
    const plain = { DATABASE_URL: 'postgres://plain@db/x' };
    const both = { ...plain, BALTRA_DATABASE_URL: 'postgres://prefixed@db/x' };

    // Act
    configureSettings({ env: plain });
    const fromAlias = getSettings().databaseUrl;
    configureSettings({ env: both });
    const fromPrefixed = getSettings().databaseUrl;

    // Assess
    expect(fromAlias).toBe('postgres://plain@db/x');
    expect(fromPrefixed).toBe('postgres://prefixed@db/x');
  });

  it('caches until resetSettings()', () => {
    // Prepare
    const env: Record<string, string> = { BALTRA_LOG_LEVEL: 'warn' };
    configureSettings({ env: () => env });
    const first = getSettings();
    env.BALTRA_LOG_LEVEL = 'error';

    // Act
    const cached = getSettings();
    resetSettings();
    const reread = getSettings();

    // Assess
    expect(cached).toBe(first);
    expect(reread.logLevel).toBe('error');
  });

  it('reads process.env by default, only when asked', () => {
    // Prepare
    vi.stubEnv('BALTRA_SERVICE_NAME', 'from-process-env');
    configureSettings();

    // Act
    const settings = getSettings();

    // Assess
    expect(settings.serviceName).toBe('from-process-env');
  });

  it('uses another prefix after configureSettings({ prefix })', () => {
    // Prepare
    configureSettings({
      prefix: 'RECRUITING_',
      env: { RECRUITING_LOG_LEVEL: 'silly', BALTRA_LOG_LEVEL: 'error' },
    });

    // Act
    const settings = getSettings();

    // Assess
    expect(settings.logLevel).toBe('silly');
  });

  it('lists every invalid variable and never shows the database password', () => {
    // Prepare
    const password = 'Pa55w0rd-Very-Secret';
    configureSettings({
      env: {
        BALTRA_ENVIRONMENT: 'prod',
        BALTRA_LOG_LEVEL: 'loud',
        BALTRA_SERVICE_NAME: '',
        DATABASE_URL: `mysql://app:${password}@db:3306/recruiting`,
      },
    });

    // Act
    const error = settingsError();

    // Assess
    expect(error.problems).toEqual([
      {
        variable: 'BALTRA_ENVIRONMENT',
        message:
          'Invalid option: expected one of "development"|"test"|"staging"|"production" (got "prod")',
      },
      {
        variable: 'BALTRA_LOG_LEVEL',
        message:
          'Invalid option: expected one of "error"|"warn"|"info"|"http"|"verbose"|"debug"|"silly" (got "loud")',
      },
      { variable: 'DATABASE_URL', message: 'must be a postgres:// or postgresql:// URL' },
    ]);
    for (const view of [error.message, JSON.stringify(error), String(error.stack)]) {
      expect(view).not.toContain(password);
    }
  });

  it('rejects a postgres:// prefix that is not a URL', () => {
    // Prepare
    configureSettings({ env: { BALTRA_DATABASE_URL: 'postgres://[not a host' } });

    // Act
    const error = settingsError();

    // Assess
    expect(error.problems).toEqual([
      { variable: 'BALTRA_DATABASE_URL', message: 'must be a postgres:// or postgresql:// URL' },
    ]);
  });
});
