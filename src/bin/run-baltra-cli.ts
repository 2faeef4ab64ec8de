import type { Kysely, MigrationInfo } from 'kysely';
import { isBaltraError } from '../domain/errors.js';
import type { BaltraDatabase } from '../infra/postgres/database-schema.js';
import {
  createMigrator,
  migrateToLatest,
  throwIfMigrationFailed,
} from '../infra/postgres/migrate-to-latest.js';
import { openPglite } from '../infra/postgres/open-pglite.js';
import { openPostgres } from '../infra/postgres/open-postgres.js';
import { runSettingsCheck } from './run-settings-check.js';

/** Where the CLI writes and what environment it reads; injectable for tests. */
export interface CliIo {
  /** Writes one line of normal output. */
  readonly out: (line: string) => void;
  /** Writes one line of diagnostics. */
  readonly err: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether a person is at the terminal (stdin and stderr are TTYs): `dlq replay` asks first. */
  readonly interactive?: boolean;
  /** Asks a yes/no question on the terminal; `true` for yes. */
  readonly confirm?: (question: string) => Promise<boolean>;
  /** Rewrites the terminal's status line (a progress bar); `''` clears it. */
  readonly status?: (line: string) => void;
  /** Aborted on Ctrl-C: `dlq replay` stops after its batch in hand. */
  readonly signal?: AbortSignal;
}

/** Exit codes of `baltra`. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export const USAGE = `Usage: baltra migrate <up|down|status> [--database-url URL]
       baltra settings check
       baltra dlq list <queue> [--limit N] [--json] [broker options]
       baltra dlq show <queue> [--id ID] [--json] [broker options]
       baltra dlq replay <queue> --to <queue> [--reason R] [--limit N] [--dry-run] [--yes]
                         [broker options]
       baltra report (--company <id> | --all-companies) --from <date> --to <date>
                     [--format html|pdf|png] [--out <file or dir>] [--locale en-US|es-MX]
                     [--paper A4|Letter] [--concurrency N] [--database-url URL]

Commands:
  migrate up       apply every pending migration of the SDK's schema
  migrate down     revert the most recently applied migration
  migrate status   list the migrations, applied or pending
  settings check   print the SDK's settings from the environment (secrets masked) and
                   every problem; Redis too when a BALTRA_REDIS_* variable is set
  dlq list         count a dead-letter queue's messages by reason, error code and source
                   queue, with sample ids and the oldest and newest age (nothing removed)
  dlq show         one dead letter (the first, or --id: its id, original id or action id):
                   its record, attributes and body, PII and secrets masked
  dlq replay       send dead letters back to --to as they first came (same action id, so
                   the worker applies each once) and delete each only after its send
                   succeeded; asks first on a terminal, needs --yes without one
  report           a company's hiring report (KPIs, funnel, conversion, sources, spend,
                   time to hire) as HTML, or PDF/PNG printed by Chromium; without a
                   database URL, on an embedded database with the demo's sample companies

Options:
  --database-url URL  postgres://user:password@host:port/database, or pglite:<directory>
                      (default: BALTRA_DATABASE_URL, else DATABASE_URL)
  --reason R          replay only messages dead-lettered for R (unrecorded: no record)
  --limit N           list/replay at most N messages (list reads 1,000 by default)
  --dry-run           show what replay would move; send and delete nothing
  --yes, -y           replay without asking
  --json              list/show: print JSON
  -h, --help          show this help

Broker options (dlq):
  --broker sqs|redis  default: redis when BALTRA_REDIS_PORTS puts the broker there, else sqs
  --endpoint URL      SQS endpoint (default: AWS_ENDPOINT_URL_SQS, else AWS_ENDPOINT_URL)
  --region R          SQS region (default: AWS_REGION, else AWS_DEFAULT_REGION)
  --visibility-timeout S
                      how long messages a command received stay hidden should it die
                      (default 30 for list/show, 60 for replay); they are made visible
                      again as soon as it ends
                      SQS credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, else the AWS
                      default chain; Redis: BALTRA_REDIS_URL (or REDIS_URL) and
                      BALTRA_REDIS_KEY_PREFIX

Exit codes: 0 ok, 1 failure (or invalid settings), 2 usage error.`;

type Command = 'up' | 'down' | 'status';

class UsageError extends Error {}

/**
 * Runs `baltra` with its arguments (without `node` and the script) and returns the exit code:
 * 0 done, 1 failed (the SDK error's code and message, never the database password), 2 usage.
 *
 * @example
 * ```ts
 * const code = await runBaltraCli(['migrate', 'status'], {
 *   out: (line) => console.log(line),
 *   err: (line) => console.error(line),
 *   env: process.env,
 * });
 * ```
 */
export async function runBaltraCli(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return EXIT.ok;
  }
  if (args[0] === 'settings') return settingsCommand(args.slice(1), io);
  if (args[0] === 'dlq') return dlqCommand(args.slice(1), io);
  // Loaded only for `report`: the container, the charts and the browser driver.
  if (args[0] === 'report')
    return (await import('./run-report-command.js')).runReportCommand(args.slice(1), io);
  let command: Command;
  let url: string;
  try {
    ({ command, url } = parseArguments(args, io.env));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`baltra: ${error.message}`);
    io.err(USAGE);
    return EXIT.usage;
  }
  const secret = passwordOf(url);
  let db: Kysely<BaltraDatabase> | undefined;
  try {
    db = openDatabase(url);
    await COMMANDS[command](db, io);
    return EXIT.ok;
  } catch (error) {
    io.err(`baltra: ${scrub(describe(error), secret)}`);
    return EXIT.failure;
  } finally {
    await db?.destroy().catch(() => undefined);
  }
}

const COMMANDS: Record<Command, (db: Kysely<BaltraDatabase>, io: CliIo) => Promise<void>> = {
  async up(db, io) {
    const applied = await migrateToLatest(db);
    if (applied.length === 0) io.out('already up to date');
    for (const name of applied) io.out(`applied ${name}`);
  },
  async down(db, io) {
    const reverted = throwIfMigrationFailed(await createMigrator(db).migrateDown());
    if (reverted.length === 0) io.out('nothing to revert');
    for (const name of reverted) io.out(`reverted ${name}`);
  },
  async status(db, io) {
    const migrations = await createMigrator(db).getMigrations();
    for (const line of statusTable(migrations)) io.out(line);
    const applied = migrations.filter((m) => m.executedAt !== undefined).length;
    io.out(`${applied} applied, ${migrations.length - applied} pending`);
  },
};

function settingsCommand(args: readonly string[], io: CliIo): number {
  const [command, ...extra] = args;
  const problem =
    command === undefined
      ? 'settings needs check'
      : command !== 'check'
        ? `unknown settings command ${command}`
        : extra.length > 0
          ? `unexpected argument ${extra[0]}`
          : undefined;
  if (problem === undefined) return runSettingsCheck(io);
  io.err(`baltra: ${problem}`);
  io.err(USAGE);
  return EXIT.usage;
}

async function dlqCommand(args: readonly string[], io: CliIo): Promise<number> {
  // Loaded on demand: `migrate` never loads the queue adapters.
  const { runDlqCommand } = await import('./run-dlq-command.js');
  const outcome = await runDlqCommand(args, io);
  if (typeof outcome === 'number') return outcome;
  io.err(`baltra: ${outcome.usage}`);
  io.err(USAGE);
  return EXIT.usage;
}

function parseArguments(
  args: readonly string[],
  env: CliIo['env'],
): { command: Command; url: string } {
  const positional: string[] = [];
  let flagUrl: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === '--database-url') {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) {
        throw new UsageError('--database-url needs a value');
      }
      flagUrl = value;
      i += 1;
    } else if (arg.startsWith('--database-url=')) {
      flagUrl = arg.slice('--database-url='.length);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  const [group, command, ...extra] = positional;
  if (group === undefined) throw new UsageError('missing command');
  if (group !== 'migrate') throw new UsageError(`unknown command ${group}`);
  if (command !== 'up' && command !== 'down' && command !== 'status') {
    throw new UsageError(
      command === undefined
        ? 'migrate needs up, down or status'
        : `unknown migrate command ${command}`,
    );
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
  const url = nonEmpty(flagUrl) ?? nonEmpty(env.BALTRA_DATABASE_URL) ?? nonEmpty(env.DATABASE_URL);
  if (url === undefined) {
    throw new UsageError(
      'no database: pass --database-url or set BALTRA_DATABASE_URL or DATABASE_URL',
    );
  }
  if (!/^(postgres|postgresql|pglite):/i.test(url)) {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
    throw new UsageError(
      `unsupported database URL${scheme ? ` scheme ${scheme}:` : ''}; use postgres:// or pglite:<directory>`,
    );
  }
  if (/^pglite:(\/\/)?$/i.test(url)) throw new UsageError('pglite: needs a directory');
  return { command, url };
}

function openDatabase(url: string): Kysely<BaltraDatabase> {
  if (/^pglite:/i.test(url)) return openPglite({ dataDir: url.replace(/^pglite:(\/\/)?/i, '') });
  return openPostgres({ connectionString: url, poolSize: 1 });
}

function statusTable(migrations: readonly MigrationInfo[]): string[] {
  const rows = migrations.map((m) => [
    m.name,
    m.executedAt ? 'applied' : 'pending',
    m.executedAt ? m.executedAt.toISOString() : '-',
  ]);
  const header = ['MIGRATION', 'STATUS', 'APPLIED AT'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] as string).length)),
  );
  const format = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [format(header), ...rows.map(format)];
}

function describe(error: unknown): string {
  if (isBaltraError(error)) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function passwordOf(url: string): string | undefined {
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}

function scrub(text: string, secret: string | undefined): string {
  if (!secret) return text;
  return [secret, encodeURIComponent(secret)].reduce((t, s) => t.split(s).join('***'), text);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
