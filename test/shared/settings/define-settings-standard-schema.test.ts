// defineSettings with Standard Schema validators other than zod (issue #21 item 2): valibot and
// arktype schemas name their keys with `keys`; every invalid variable is still listed at once,
// and a secret is never echoed although these validators quote what they received.
import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineSettings } from '../../../src/shared/settings/define-settings.js';
import { InvalidSettingsOptionError } from '../../../src/shared/settings/invalid-settings-option-error.js';
import { SettingsError } from '../../../src/shared/settings/settings-error.js';
import type { StandardSchemaV1 } from '../../../src/shared/validation/standard-schema-v1.js';

const SECRET = 'sk-live-Zq8vW2rT9pX4';

const mailSchema = v.object({
  host: v.pipe(v.string(), v.minLength(1)),
  port: v.optional(v.pipe(v.string(), v.transform(Number), v.number(), v.integer()), '25'),
  mode: v.optional(v.picklist(['smtp', 'ses']), 'smtp'),
  apiToken: v.optional(v.pipe(v.string(), v.startsWith('sk-test-'))),
});

function aMailSettings(env: Record<string, string | undefined>) {
  return defineSettings({
    prefix: 'MAIL_',
    schema: mailSchema,
    keys: { host: true, port: true, mode: true, apiToken: true },
    aliases: { host: ['SMTP_HOST'] },
    env,
  });
}

function catchError<E>(kind: abstract new (...args: never[]) => E, run: () => unknown): E {
  try {
    run();
  } catch (error) {
    if (error instanceof kind) return error;
    throw error;
  }
  throw new Error(`expected a ${kind.name}`);
}

describe('defineSettings with valibot', () => {
  it('reads the listed keys and returns the schema output, typed', () => {
    // Prepare
    const settings = aMailSettings({ SMTP_HOST: 'smtp.example.com', MAIL_MODE: 'ses' });

    // Act
    const value = settings.get();

    // Assess
    expect(value).toEqual({ host: 'smtp.example.com', port: 25, mode: 'ses' });
    expect(Object.isFrozen(value)).toBe(true);
    expectTypeOf(value).toEqualTypeOf<
      Readonly<{ host: string; port: number; mode: 'smtp' | 'ses'; apiToken?: string | undefined }>
    >();
  });

  it('lists every invalid variable at once, and hides a secret valibot quotes in part', () => {
    // Prepare
    const settings = aMailSettings({
      MAIL_PORT: 'abc',
      MAIL_MODE: 'turbo',
      MAIL_API_TOKEN: SECRET,
    });

    // Act
    const error = catchError(SettingsError, () => settings.get());

    // Assess
    expect(error.problems).toEqual([
      { variable: 'MAIL_HOST', message: 'required but not set (nor SMTP_HOST)' },
      {
        variable: 'MAIL_PORT',
        message: 'Invalid type: Expected number but received NaN (got "abc")',
      },
      {
        variable: 'MAIL_MODE',
        message: 'Invalid type: Expected ("smtp" | "ses") but received "turbo" (got "turbo")',
      },
      // valibot says `… but received "sk-live-"`: a quoted piece of the secret.
      { variable: 'MAIL_API_TOKEN', message: 'invalid value (hidden)' },
    ]);
    for (const view of [error.message, JSON.stringify(error), String(error.stack)]) {
      expect(view).not.toContain('sk-live');
    }
  });

  it("keeps the validator's own message for a rule on an unset variable", () => {
    // Prepare: a rule forwarded to `region` (valibot kind "validation"), not a missing value.
    const settings = defineSettings({
      prefix: 'APP_',
      schema: v.pipe(
        v.object({ env: v.string(), region: v.optional(v.string()) }),
        v.forward(
          v.check(
            (input) => input.env !== 'production' || input.region !== undefined,
            'region is needed in production',
          ),
          ['region'],
        ),
      ),
      keys: { env: true, region: true },
      env: { APP_ENV: 'production' },
    });

    // Act
    const error = catchError(SettingsError, () => settings.get());

    // Assess
    expect(error.problems).toEqual([
      { variable: 'APP_REGION', message: 'region is needed in production' },
    ]);
  });

  it('refuses a non-zod schema without keys, a schema that is no Standard Schema, and an async one', () => {
    // Prepare
    const withoutKeys = () =>
      // @ts-expect-error keys is required: valibot's object does not list its keys for the SDK
      defineSettings({ prefix: 'MAIL_', schema: mailSchema, env: {} });
    const notStandard = () =>
      defineSettings({
        prefix: 'MAIL_',
        schema: { parse: () => ({}) } as unknown as StandardSchemaV1,
        keys: {},
      });
    const asyncSettings = defineSettings({
      prefix: 'MAIL_',
      schema: v.objectAsync({
        host: v.pipeAsync(
          v.string(),
          v.checkAsync(async () => true),
        ),
      }),
      keys: { host: true },
      env: { MAIL_HOST: 'smtp' },
    });

    // Act
    const errors = [withoutKeys, notStandard, () => asyncSettings.get()].map((run) =>
      catchError(InvalidSettingsOptionError, run),
    );

    // Assess
    expect(errors.map((error) => [error.code, error.context.option])).toEqual([
      ['SETTINGS_OPTION_INVALID', 'keys'],
      ['SETTINGS_OPTION_INVALID', 'schema'],
      ['SETTINGS_OPTION_INVALID', 'schema'],
    ]);
    expect(errors[2]?.message).toMatch(/synchronous/);
  });

  it('requires every key in keys, so none is silently never read', () => {
    // Prepare: `apiToken` left out of keys is a type error.
    const partial = () =>
      defineSettings({
        prefix: 'MAIL_',
        schema: mailSchema,
        // @ts-expect-error apiToken is missing from keys
        keys: { host: true, port: true, mode: true },
        env: { MAIL_HOST: 'smtp' },
      });

    // Act
    const value = partial().get();

    // Assess: at run time the unlisted variable is simply not read.
    expect(value).toEqual({ host: 'smtp', port: 25, mode: 'smtp' });
  });
});

describe('defineSettings with zod, the documented default', () => {
  it('needs no keys and types the output as before', () => {
    // Prepare
    const settings = defineSettings({
      prefix: 'APP_',
      schema: z.object({ port: z.coerce.number().default(8080), apiToken: z.string() }),
      secrets: ['apiToken'],
      env: { APP_API_TOKEN: SECRET },
    });

    // Act
    const value = settings.get();

    // Assess
    expect(value).toEqual({ port: 8080, apiToken: SECRET });
    expectTypeOf(value).toEqualTypeOf<Readonly<{ port: number; apiToken: string }>>();
  });
});

describe('defineSettings with arktype', () => {
  const serverSchema = type({
    host: 'string > 0',
    port: ['string.integer.parse', '=', '8080'],
    'mode?': "'fast' | 'safe'",
  });

  it('reads, defaults and parses', () => {
    // Prepare
    const settings = defineSettings({
      prefix: 'SERVER_',
      schema: serverSchema,
      keys: { host: true, port: true, mode: true },
      env: { SERVER_HOST: 'api', SERVER_MODE: 'fast' },
    });

    // Act
    const value = settings.get();

    // Assess
    expect(value).toEqual({ host: 'api', port: 8080, mode: 'fast' });
    expectTypeOf(value.port).toEqualTypeOf<number>();
  });

  it('lists every invalid variable at once, a missing one as required', () => {
    // Prepare
    const settings = defineSettings({
      prefix: 'SERVER_',
      schema: serverSchema,
      keys: { host: true, port: true, mode: true },
      env: { SERVER_PORT: 'eighty', SERVER_MODE: 'turbo' },
    });

    // Act
    const error = catchError(SettingsError, () => settings.get());

    // Assess
    expect(error.problems.map((problem) => problem.variable).sort()).toEqual([
      'SERVER_HOST',
      'SERVER_MODE',
      'SERVER_PORT',
    ]);
    expect(error.problems).toContainEqual({
      variable: 'SERVER_HOST',
      message: 'required but not set',
    });
  });
});
