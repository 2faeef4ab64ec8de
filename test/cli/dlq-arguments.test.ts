// `baltra dlq` without a broker: its command line, its usage errors and its progress output.
import { describe, expect, it } from 'vitest';
import { parseDlqArguments } from '../../src/bin/parse-dlq-arguments.js';
import { replayProgressReporter } from '../../src/bin/replay-progress-reporter.js';
import { EXIT, USAGE } from '../../src/bin/run-baltra-cli.js';
import { runInProcess } from '../support/run-cli.js';

describe('baltra dlq: arguments', () => {
  it('parses each command with its options, inline values and the broker default', () => {
    // Act
    const replay = parseDlqArguments(
      [
        'replay',
        'jobs-dlq',
        '--to=jobs',
        '--reason',
        'invalid_data',
        '--limit',
        '5',
        '--dry-run',
        '-y',
        '--region',
        'eu-west-1',
      ],
      {},
    );
    const list = parseDlqArguments(['list', 'jobs-dlq', '--json'], {
      BALTRA_REDIS_PORTS: 'cache, broker',
    });
    const show = parseDlqArguments(
      ['show', 'jobs-dlq', '--id', 'm-1', '--broker', 'sqs', '--visibility-timeout', '5'],
      {
        BALTRA_REDIS_PORTS: 'all',
      },
    );

    // Assess
    expect(replay).toEqual({
      command: 'replay',
      queue: 'jobs-dlq',
      to: 'jobs',
      reason: 'invalid_data',
      limit: 5,
      dryRun: true,
      yes: true,
      broker: 'sqs',
      json: false,
      region: 'eu-west-1',
    });
    expect(list).toEqual({ command: 'list', queue: 'jobs-dlq', broker: 'redis', json: true });
    expect(show).toEqual({
      command: 'show',
      queue: 'jobs-dlq',
      id: 'm-1',
      broker: 'sqs',
      json: false,
      visibilityTimeoutSeconds: 5,
    });
  });

  it.each([
    [['dlq'], 'dlq needs list, show or replay'],
    [['dlq', 'purge', 'q'], 'unknown dlq command purge'],
    [['dlq', 'list'], 'dlq list needs the dead-letter queue'],
    [['dlq', 'list', 'q', 'r'], 'unexpected argument r'],
    [['dlq', 'list', 'q', '--to', 'r'], 'dlq list takes no --to'],
    [['dlq', 'show', 'q', '--id'], '--id needs a value'],
    [['dlq', 'replay', 'q'], 'dlq replay needs --to <queue>'],
    [['dlq', 'replay', 'q', '--to', 'q', '--yes'], '--to must name another queue'],
    [
      ['dlq', 'replay', 'q', '--to', 'r', '--limit', '0'],
      '--limit must be a whole number of at least 1, got 0',
    ],
    [['dlq', 'list', 'q', '--broker', 'kafka'], 'unknown broker kafka: use sqs or redis'],
    [['dlq', 'list', 'q', '--force'], 'unknown option --force'],
    [['dlq', 'replay', 'q', '--to', 'r'], 'dlq replay moves messages: pass --yes'],
  ])('exits 2 with the usage for %j', async (args, problem) => {
    // Act
    const result = await runInProcess(args);

    // Assess
    expect(result.code).toBe(EXIT.usage);
    expect(result.out).toBe('');
    expect(result.err).toContain(`baltra: ${problem}`);
    expect(result.err).toContain(USAGE);
  });
});

describe('baltra dlq: replay progress', () => {
  const progress = (replayed: number) => ({
    examined: replayed,
    matched: replayed,
    replayed,
    skipped: 0,
    failed: 0,
  });

  it('draws a bar on a terminal and clears it at the end', () => {
    // Prepare
    const status: string[] = [];
    const reporter = replayProgressReporter(
      { out: () => {}, err: () => {}, env: {}, status: (line) => status.push(line) },
      40,
    );

    // Act
    reporter.update(progress(10));
    reporter.update(progress(40));
    reporter.done();

    // Assess
    expect(status).toEqual([
      '[######------------------]  25% 10/40  10 replayed, 0 skipped, 0 failed',
      '[########################] 100% 40/40  40 replayed, 0 skipped, 0 failed',
      '',
    ]);
  });

  it('writes lines without a terminal, the first batch at once', () => {
    // Prepare
    const lines: string[] = [];
    const reporter = replayProgressReporter({
      out: () => {},
      err: (line) => lines.push(line),
      env: {},
    });

    // Act
    reporter.update(progress(10));
    reporter.done();

    // Assess
    expect(lines).toEqual(['replay: 10 read, 10 replayed, 0 skipped, 0 failed']);
  });
});
