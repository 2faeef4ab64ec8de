import { describe, expect, it } from 'vitest';
import { EXIT, USAGE } from '../../src/bin/run-baltra-cli.js';
import { runInProcess, spawnBaltra } from '../support/run-cli.js';

const DB_PASSWORD = 'Pg-s3cret%21';
const REDIS_PASSWORD = 'R3dis-secret';

/** Runs `baltra settings check` as users do: a node process with only the given variables. */
function spawnCheck(env: Record<string, string>, args = ['settings', 'check']) {
  return spawnBaltra(args, { PATH: process.env.PATH ?? '', ...env });
}

describe('baltra settings check', () => {
  it('prints the defaults, skips the groups none of whose variables is set, and exits 0 (spawned)', async () => {
    const result = await spawnCheck({});

    expect(result).toEqual({
      code: EXIT.ok,
      stdout: [
        'Core settings:',
        '  BALTRA_SERVICE_NAME                 baltra-service (default)',
        '  BALTRA_ENVIRONMENT                  development (default)',
        '  BALTRA_LOG_LEVEL                    info (default)',
        '  BALTRA_DATABASE_URL                 not set',
        '  BALTRA_POSTGRES_ROW_LEVEL_SECURITY  not set',
        '  BALTRA_POSTGRES_POOLER              not set',
        '',
        'Redis settings: not checked (no BALTRA_REDIS_* variable is set)',
        '',
        'AI settings: not checked (no BALTRA_OPENAI_* or BALTRA_AI_* variable is set)',
        '',
        'Metrics settings: not checked (no BALTRA_METRICS_* variable is set)',
        '',
        'Reporting settings: not checked (BALTRA_CHROMIUM_PATH is not set)',
        '',
        'settings ok',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('resolves aliases and Redis, masks every secret and names the source (spawned)', async () => {
    const result = await spawnCheck({
      BALTRA_SERVICE_NAME: 'recruiting-api',
      BALTRA_ENVIRONMENT: 'production',
      DATABASE_URL: `postgres://app:${DB_PASSWORD}@db.internal:5432/baltra?sslmode=require`,
      REDIS_URL: `rediss://default:${REDIS_PASSWORD}@cache.internal:6380/2`,
      BALTRA_REDIS_PORTS: 'all',
    });

    expect(result.code).toBe(EXIT.ok);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines).toContain('  BALTRA_SERVICE_NAME                 recruiting-api');
    expect(lines).toContain(
      '  BALTRA_DATABASE_URL                 postgres://***@db.internal:5432/baltra?*** (from DATABASE_URL)',
    );
    expect(lines).toContain(
      '  BALTRA_REDIS_URL                 rediss://***@cache.internal:6380/2 (from REDIS_URL)',
    );
    expect(lines).toContain(
      '  BALTRA_REDIS_PORTS               broker,cache,locks,rateLimits,idempotency',
    );
    expect(lines).toContain('  BALTRA_REDIS_COMMAND_TIMEOUT_MS  5000 (default)');
    expect(result.stdout).not.toContain(DB_PASSWORD);
    expect(result.stdout).not.toContain(decodeURIComponent(DB_PASSWORD));
    expect(result.stdout).not.toContain(REDIS_PASSWORD);
    expect(result.stdout).not.toContain('sslmode');
  });

  it('lists every problem of every group at once, exits 1 and never shows a secret (spawned)', async () => {
    const result = await spawnCheck({
      BALTRA_LOG_LEVEL: 'loud',
      BALTRA_DATABASE_URL: `mysql://root:${DB_PASSWORD}@db/baltra`,
      BALTRA_REDIS_URL: `http://user:${REDIS_PASSWORD}@cache`,
      BALTRA_REDIS_MAX_RETRIES: '99',
      BALTRA_LOG_LEVL: 'debug',
    });

    expect(result.code).toBe(EXIT.failure);
    expect(result.stderr.split('\n')).toEqual([
      'baltra: 4 problems in the settings:',
      '  BALTRA_LOG_LEVEL: Invalid option: expected one of "error"|"warn"|"info"|"http"|"verbose"|"debug"|"silly" (got "loud")',
      '  BALTRA_DATABASE_URL: must be a postgres:// or postgresql:// URL',
      '  BALTRA_REDIS_URL: must be a redis:// or rediss:// URL',
      '  BALTRA_REDIS_MAX_RETRIES: Too big: expected number to be <=20 (got "99")',
      '',
    ]);
    const lines = result.stdout.split('\n');
    expect(lines).toContain('  BALTRA_LOG_LEVEL                    invalid');
    expect(lines).toContain('  BALTRA_DATABASE_URL                 invalid');
    expect(lines).toContain('  BALTRA_REDIS_PORTS               (none) (default)');
    expect(lines).toContain(
      'Not read by the SDK (a setting of the service, or a typo?): BALTRA_LOG_LEVL',
    );
    expect(result.stdout + result.stderr).not.toContain(DB_PASSWORD);
    expect(result.stdout + result.stderr).not.toContain(REDIS_PASSWORD);
  });

  it('reports a required Redis URL that is missing once Redis is asked for', async () => {
    const result = await runInProcess(['settings', 'check'], { BALTRA_REDIS_PORTS: 'locks' });

    expect(result.code).toBe(EXIT.failure);
    expect(result.out).toContain('BALTRA_REDIS_URL                 not set (required)');
    expect(result.err).toContain('BALTRA_REDIS_URL: required but not set (nor REDIS_URL)');
  });

  it.each([
    [['settings'], 'settings needs check'],
    [['settings', 'show'], 'unknown settings command show'],
    [['settings', 'check', 'now'], 'unexpected argument now'],
  ])('exits 2 for %j: %s', async (args, message) => {
    const result = await runInProcess(args);

    expect(result.code).toBe(EXIT.usage);
    expect(result.err).toContain(`baltra: ${message}`);
    expect(result.out).toBe('');
  });

  it('is in the help', async () => {
    const result = await runInProcess(['--help']);

    expect(result).toEqual({ code: EXIT.ok, out: USAGE, err: '' });
    expect(USAGE).toContain('baltra settings check');
  });
});
