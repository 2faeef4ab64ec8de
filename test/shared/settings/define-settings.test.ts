import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isBaltraError } from '../../../src/domain/errors.js';
import { defineSettings } from '../../../src/shared/settings/define-settings.js';
import { envBoolean } from '../../../src/shared/settings/env-boolean.js';
import { envVariableName } from '../../../src/shared/settings/env-variable-name.js';
import { SettingsError } from '../../../src/shared/settings/settings-error.js';

const workerSchema = z.object({
  concurrency: z.coerce.number().int().positive().default(4),
  queueName: z.string().min(1),
  dryRun: envBoolean().default(false),
  mode: z.enum(['fast', 'safe']).default('safe'),
});

function aWorkerSettings(env: Record<string, string | undefined>) {
  return defineSettings({
    prefix: 'WORKER_',
    schema: workerSchema,
    aliases: { queueName: ['QUEUE_NAME'] },
    env,
  });
}

function catchSettingsError(run: () => unknown): SettingsError {
  try {
    run();
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error('expected a SettingsError');
}

describe('envVariableName', () => {
  it.each([
    ['logLevel', 'BALTRA_LOG_LEVEL'],
    ['databaseUrl', 'BALTRA_DATABASE_URL'],
    ['serviceName', 'BALTRA_SERVICE_NAME'],
    ['httpURLPath', 'BALTRA_HTTP_URL_PATH'],
    ['apiV2Key', 'BALTRA_API_V2_KEY'],
    ['port', 'BALTRA_PORT'],
    ['already_snake', 'BALTRA_ALREADY_SNAKE'],
  ])('maps %s to %s', (key, expected) => {
    // Act
    const name = envVariableName('BALTRA_', key);

    // Assess
    expect(name).toBe(expected);
  });
});

describe('defineSettings', () => {
  it('applies schema defaults and reads prefixed UPPER_SNAKE variables', () => {
    // Prepare
    const settings = aWorkerSettings({ WORKER_QUEUE_NAME: 'leads' });

    // Act
    const value = settings.get();

    // Assess
    expect(value).toEqual({ concurrency: 4, queueName: 'leads', dryRun: false, mode: 'safe' });
  });

  it('coerces numbers and booleans from their text', () => {
    // Prepare
    const settings = aWorkerSettings({
      WORKER_QUEUE_NAME: 'leads',
      WORKER_CONCURRENCY: '16',
      WORKER_DRY_RUN: 'YES',
      WORKER_MODE: 'fast',
    });

    // Act
    const value = settings.get();

    // Assess
    expect(value).toEqual({ concurrency: 16, queueName: 'leads', dryRun: true, mode: 'fast' });
  });

  it.each([
    ['true', true],
    ['1', true],
    ['yes', true],
    ['TRUE', true],
    ['false', false],
    ['0', false],
    ['no', false],
    ['No', false],
  ])('envBoolean reads %s as %s', (text, expected) => {
    // Prepare
    const settings = aWorkerSettings({ WORKER_QUEUE_NAME: 'q', WORKER_DRY_RUN: text });

    // Act
    const { dryRun } = settings.get();

    // Assess
    expect(dryRun).toBe(expected);
  });

  it('treats empty variables as unset', () => {
    // Prepare
    const settings = aWorkerSettings({
      WORKER_QUEUE_NAME: 'q',
      WORKER_CONCURRENCY: '',
      WORKER_MODE: '',
    });

    // Act
    const value = settings.get();

    // Assess
    expect(value.concurrency).toBe(4);
    expect(value.mode).toBe('safe');
  });

  it('reads an alias when the prefixed variable is unset, and prefers the prefixed one', () => {
    // Prepare
    const aliasOnly = aWorkerSettings({ QUEUE_NAME: 'from-alias' });
    const both = aWorkerSettings({ QUEUE_NAME: 'from-alias', WORKER_QUEUE_NAME: 'prefixed' });
    const emptyPrefixed = aWorkerSettings({ QUEUE_NAME: 'from-alias', WORKER_QUEUE_NAME: '' });

    // Act
    const values = [aliasOnly.get(), both.get(), emptyPrefixed.get()].map((v) => v.queueName);

    // Assess
    expect(values).toEqual(['from-alias', 'prefixed', 'from-alias']);
  });

  it('reads nothing until get() is called, then parses once and caches', () => {
    // Prepare
    let reads = 0;
    const env: Record<string, string> = { WORKER_QUEUE_NAME: 'first' };
    const settings = defineSettings({
      prefix: 'WORKER_',
      schema: workerSchema,
      env: () => {
        reads += 1;
        return env;
      },
    });
    const readsBeforeGet = reads;

    // Act
    const first = settings.get();
    env.WORKER_QUEUE_NAME = 'second';
    const second = settings.get();

    // Assess
    expect(readsBeforeGet).toBe(0);
    expect(reads).toBe(1);
    expect(second).toBe(first);
    expect(second.queueName).toBe('first');
  });

  it('reads the environment again after reset()', () => {
    // Prepare
    const env: Record<string, string> = { WORKER_QUEUE_NAME: 'first' };
    const settings = defineSettings({ prefix: 'WORKER_', schema: workerSchema, env });
    settings.get();
    env.WORKER_QUEUE_NAME = 'second';

    // Act
    settings.reset();
    const value = settings.get();

    // Assess
    expect(value.queueName).toBe('second');
  });

  it('returns a frozen object', () => {
    // Prepare
    const settings = aWorkerSettings({ WORKER_QUEUE_NAME: 'q' });

    // Act
    const value = settings.get();

    // Assess
    expect(Object.isFrozen(value)).toBe(true);
  });

  it('reports every invalid variable in one SettingsError', () => {
    // Prepare
    const settings = aWorkerSettings({
      WORKER_CONCURRENCY: 'many',
      WORKER_DRY_RUN: 'maybe',
      WORKER_MODE: 'turbo',
    });

    // Act
    const error = catchSettingsError(() => settings.get());

    // Assess
    expect(error.code).toBe('INVALID_SETTINGS');
    expect(error.problems.map((problem) => problem.variable)).toEqual([
      'WORKER_CONCURRENCY',
      'WORKER_QUEUE_NAME',
      'WORKER_DRY_RUN',
      'WORKER_MODE',
    ]);
    expect(error.message).toMatch(/^Invalid settings \(4 problems\):\n {2}- WORKER_CONCURRENCY: /);
    expect(error.message).toContain('WORKER_MODE: Invalid option: expected one of "fast"|"safe"');
    expect(error.message).toContain('(got "turbo")');
    expect(error.message).toContain('WORKER_QUEUE_NAME: required but not set (nor QUEUE_NAME)');
    expect(error.context).toEqual({
      variables: ['WORKER_CONCURRENCY', 'WORKER_QUEUE_NAME', 'WORKER_DRY_RUN', 'WORKER_MODE'],
    });
  });

  it('throws again on the next get() while the environment stays invalid', () => {
    // Prepare
    const env: Record<string, string> = {};
    const settings = aWorkerSettings(env);
    catchSettingsError(() => settings.get());
    env.QUEUE_NAME = 'fixed';

    // Act
    const value = settings.get();

    // Assess
    expect(value.queueName).toBe('fixed');
  });

  it('carries the SDK error brand so isBaltraError recognises it', () => {
    // Prepare
    const settings = aWorkerSettings({});

    // Act
    const error = catchSettingsError(() => settings.get());

    // Assess
    expect(isBaltraError(error)).toBe(true);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SettingsError');
    expect(error.message).toMatch(/^Invalid settings \(1 problem\):/);
  });

  it('joins several problems of one variable and names the variable the value came from', () => {
    // Prepare
    const settings = defineSettings({
      prefix: 'APP_',
      schema: z.object({
        region: z
          .string()
          .min(5)
          .regex(/^[a-z]+-[a-z]+-\d$/),
      }),
      aliases: { region: ['AWS_REGION'] },
      env: { AWS_REGION: 'x!' },
    });

    // Act
    const error = catchSettingsError(() => settings.get());

    // Assess
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.variable).toBe('AWS_REGION');
    expect(error.problems[0]?.message).toMatch(/too small.*; .*Invalid string/i);
  });

  it('shortens long non-secret values it shows', () => {
    // Prepare
    const settings = defineSettings({
      prefix: 'APP_',
      schema: z.object({ mode: z.enum(['a', 'b']) }),
      env: { APP_MODE: 'x'.repeat(150) },
    });

    // Act
    const error = catchSettingsError(() => settings.get());

    // Assess
    expect(error.message).toContain(`(got "${'x'.repeat(100)}…")`);
  });

  it('reports cross-field rules under PREFIX*', () => {
    // Prepare
    const settings = defineSettings({
      prefix: 'APP_',
      schema: z
        .object({ min: z.coerce.number(), max: z.coerce.number() })
        .refine((value) => value.min <= value.max, { message: 'min must not exceed max' }),
      env: { APP_MIN: '5', APP_MAX: '1' },
    });

    // Act
    const error = catchSettingsError(() => settings.get());

    // Assess
    expect(error.problems).toEqual([{ variable: 'APP_*', message: 'min must not exceed max' }]);
  });

  it('reports a non-type problem of an unset variable as zod words it', () => {
    // Prepare
    const settings = defineSettings({
      prefix: 'APP_',
      schema: z.object({
        region: z.custom<string>((value) => typeof value === 'string', 'region is needed'),
      }),
      env: {},
    });

    // Act
    const error = catchSettingsError(() => settings.get());

    // Assess
    expect(error.problems).toEqual([{ variable: 'APP_REGION', message: 'region is needed' }]);
  });

  it('reads process.env when no env is given', () => {
    // Prepare
    process.env.SETTINGS_TEST_QUEUE_NAME = 'from-process';
    const settings = defineSettings({ prefix: 'SETTINGS_TEST_', schema: workerSchema });

    try {
      // Act
      const value = settings.get();

      // Assess
      expect(value.queueName).toBe('from-process');
    } finally {
      delete process.env.SETTINGS_TEST_QUEUE_NAME;
    }
  });
});

describe('defineSettings with secrets', () => {
  const SECRET = 'sk-live-Zq8vW2rT9pX4';
  const PASSWORD = 'S3cr3t-Pa55';

  // Error messages that echo the input, as a custom zod message might.
  const echo = (issue: { input?: unknown }) => `bad value ${String(issue.input)}`;
  const echoPassword = (issue: { input?: unknown }) =>
    `password ${new URL(String(issue.input)).password} is weak`;

  function assertHidden(error: SettingsError, ...secrets: string[]): void {
    const views = [
      error.message,
      JSON.stringify(error),
      String(error.stack),
      JSON.stringify(error.problems),
    ];
    for (const view of views) for (const secret of secrets) expect(view).not.toContain(secret);
  }

  it('never echoes the value of a key that looks secret', () => {
    // Prepare
    const settings = defineSettings({
      prefix: 'APP_',
      schema: z.object({
        apiToken: z.string().regex(/^sk-test-/, { error: echo }),
        signingKey: z.string().min(64, { error: echo }),
        adminPassword: z.string().max(3),
      }),
      env: { APP_API_TOKEN: SECRET, APP_SIGNING_KEY: `${SECRET}-2`, APP_ADMIN_PASSWORD: PASSWORD },
    });

    // Act
    const error = catchSettingsError(() => settings.get());

    // Assess
    expect(error.problems.map((problem) => problem.variable)).toEqual([
      'APP_API_TOKEN',
      'APP_SIGNING_KEY',
      'APP_ADMIN_PASSWORD',
    ]);
    expect(error.problems[0]?.message).toBe('invalid value (hidden)');
    expect(error.problems[1]?.message).toBe('invalid value (hidden)');
    expect(error.problems[2]?.message).toMatch(/too big/i);
    assertHidden(error, SECRET, PASSWORD);
  });

  it('hides keys listed in secrets even when their name looks harmless', () => {
    // Prepare
    const settings = defineSettings({
      prefix: 'APP_',
      schema: z.object({ material: z.string().length(3, { error: echo }) }),
      secrets: ['material'],
      env: { APP_MATERIAL: SECRET },
    });

    // Act
    const error = catchSettingsError(() => settings.get());

    // Assess
    expect(error.problems).toEqual([
      { variable: 'APP_MATERIAL', message: 'invalid value (hidden)' },
    ]);
    assertHidden(error, SECRET);
  });

  it('hides a message that reveals only the password of a URL', () => {
    // Prepare
    const url = `postgres://app:${encodeURIComponent(`${PASSWORD}#`)}@db:5432/recruiting`;
    const settings = defineSettings({
      prefix: 'APP_',
      schema: z.object({
        databaseUrl: z.string().refine(() => false, { error: echoPassword }),
        replicaUrl: z.string().refine(() => false, {
          error: (issue) =>
            `password ${decodeURIComponent(new URL(String(issue.input)).password)} is weak`,
        }),
      }),
      env: { APP_DATABASE_URL: url, APP_REPLICA_URL: url },
    });

    // Act
    const error = catchSettingsError(() => settings.get());

    // Assess
    expect(error.problems.map((problem) => problem.message)).toEqual([
      'invalid value (hidden)',
      'invalid value (hidden)',
    ]);
    assertHidden(error, PASSWORD);
  });

  it('keeps a secret problem message that does not reveal the value, without showing the value', () => {
    // Prepare
    const settings = defineSettings({
      prefix: 'APP_',
      schema: z.object({ databaseUrl: z.string().startsWith('postgres://') }),
      env: { APP_DATABASE_URL: `mysql://app:${PASSWORD}@db/x` },
    });

    // Act
    const error = catchSettingsError(() => settings.get());

    // Assess
    expect(error.problems[0]?.message).toMatch(/Invalid string/);
    expect(error.problems[0]?.message).not.toContain('got');
    assertHidden(error, PASSWORD);
  });

  it('hides a message of another variable or a cross-field rule that quotes a secret', () => {
    // Prepare
    const settings = defineSettings({
      prefix: 'APP_',
      schema: z
        .object({ apiToken: z.string(), mode: z.string() })
        .refine((value) => value.mode !== 'strict', {
          error: (issue) => `strict mode rejects ${JSON.stringify(issue.input)}`,
        }),
      env: { APP_API_TOKEN: SECRET, APP_MODE: 'strict' },
    });

    // Act
    const error = catchSettingsError(() => settings.get());

    // Assess
    expect(error.problems).toEqual([{ variable: 'APP_*', message: 'invalid value (hidden)' }]);
    assertHidden(error, SECRET);
  });

  it('tolerates URL passwords that are not valid percent-encoding', () => {
    // Prepare
    const settings = defineSettings({
      prefix: 'APP_',
      schema: z.object({ databaseUrl: z.string().refine(() => false, 'rejected') }),
      env: { APP_DATABASE_URL: 'postgres://app:%zz@db/x' },
    });

    // Act
    const error = catchSettingsError(() => settings.get());

    // Assess
    expect(error.problems[0]?.message).toBe('rejected');
  });
});
