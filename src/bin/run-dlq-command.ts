import { isBaltraError } from '../domain/errors.js';
import { listDeadLetters } from '../infra/dead-letters/list-dead-letters.js';
import { replayDeadLetters } from '../infra/dead-letters/replay-dead-letters.js';
import { showDeadLetter } from '../infra/dead-letters/show-dead-letter.js';
import { maskSensitiveText } from '../shared/pii/mask-sensitive-text.js';
import { DLQ_EXIT, type DlqIo } from './dlq-io.js';
import { formatDeadLetterSummary, formatDeadLetterView } from './format-dead-letters.js';
import { type DlqBroker, openDlqBroker } from './open-dlq-broker.js';
import { type DlqCommand, DlqUsageError, parseDlqArguments } from './parse-dlq-arguments.js';
import { replayProgressReporter } from './replay-progress-reporter.js';

/** A usage problem: the caller prints it with the usage and exits 2. */
export interface DlqUsageProblem {
  readonly usage: string;
}

/**
 * `baltra dlq list|show|replay <queue> …` (the arguments after `dlq`): reads or replays a
 * dead-letter queue on SQS or Redis and returns the exit code — 0 done, 1 failed (the error's
 * code and message, secrets scrubbed; or a replay with failures, or one declined), or a
 * {@link DlqUsageProblem} for the caller to print with the usage (exit 2). A replay asks for
 * confirmation on a terminal unless `--yes`, and refuses without a terminal and `--yes`.
 *
 * @example
 * ```ts
 * const code = await runDlqCommand(['list', 'jobs-dlq'], { out: console.log, err: console.error, env: process.env });
 * ```
 */
export async function runDlqCommand(
  args: readonly string[],
  io: DlqIo,
): Promise<number | DlqUsageProblem> {
  let command: DlqCommand;
  try {
    command = parseDlqArguments(args, io.env);
  } catch (error) {
    if (error instanceof DlqUsageError) return { usage: error.message };
    throw error;
  }
  if (command.command === 'replay' && !command.dryRun && !command.yes && !io.interactive) {
    return {
      usage:
        'dlq replay moves messages: pass --yes (there is no terminal to confirm on), or --dry-run',
    };
  }
  let broker: DlqBroker | undefined;
  try {
    broker = await openDlqBroker(command, io.env);
    return await COMMANDS[command.command](broker, command as never, io);
  } catch (error) {
    io.err(`baltra: ${scrub(describe(error), broker?.secrets ?? secretsOf(io.env))}`);
    return DLQ_EXIT.failure;
  } finally {
    await broker?.close();
  }
}

type Runner<C extends DlqCommand['command']> = (
  broker: DlqBroker,
  command: Extract<DlqCommand, { command: C }>,
  io: DlqIo,
) => Promise<number>;

const COMMANDS: { [C in DlqCommand['command']]: Runner<C> } = {
  async list(broker, command, io) {
    const summary = await listDeadLetters(broker.queue, command.queue, {
      ...hidden(command),
      ...(command.limit === undefined ? {} : { limit: command.limit }),
    });
    if (command.json) io.out(JSON.stringify(summary, null, 2));
    else for (const line of formatDeadLetterSummary(summary)) io.out(line);
    return DLQ_EXIT.ok;
  },
  async show(broker, command, io) {
    const view = await showDeadLetter(broker.queue, command.queue, {
      ...hidden(command),
      ...(command.id === undefined ? {} : { id: command.id }),
    });
    if (command.json) io.out(JSON.stringify(view, null, 2));
    else for (const line of formatDeadLetterView(view)) io.out(line);
    return DLQ_EXIT.ok;
  },
  async replay(broker, command, io) {
    const available = await broker.count(command.queue);
    // The bar counts messages read: with a reason filter, all of the queue may be read.
    const total =
      available === undefined
        ? command.reason === undefined
          ? command.limit
          : undefined
        : command.reason === undefined && command.limit !== undefined
          ? Math.min(available, command.limit)
          : available;
    const scope = `${command.limit === undefined ? 'every message' : `up to ${command.limit} message${command.limit === 1 ? '' : 's'}`}${command.reason === undefined ? '' : ` with reason ${command.reason}`}`;
    if (!command.dryRun && !command.yes) {
      const question = `Replay ${scope} from ${command.queue}${available === undefined ? '' : ` (${available} there)`} to ${command.to}? [y/N] `;
      if (!(await io.confirm?.(question))) {
        io.err('baltra: replay cancelled, nothing moved');
        return DLQ_EXIT.failure;
      }
    }
    const reporter = replayProgressReporter(io, total);
    let report: Awaited<ReturnType<typeof replayDeadLetters>>;
    try {
      report = await replayDeadLetters(broker.queue, {
        from: command.queue,
        to: command.to,
        dryRun: command.dryRun,
        ...hidden(command),
        ...(command.reason === undefined ? {} : { reason: command.reason }),
        ...(command.limit === undefined ? {} : { limit: command.limit }),
        ...(io.signal === undefined ? {} : { signal: io.signal }),
        onProgress: (progress) => reporter.update(progress),
      });
    } finally {
      reporter.done();
    }
    if (report.dryRun) {
      for (const message of report.messages) {
        io.out(
          `would replay ${message.messageId}  ${message.reason}${message.actionId ? `  action ${message.actionId}` : ''}`,
        );
      }
    }
    for (const failure of report.failures) {
      io.err(`failed ${failure.messageId}  ${failure.code}: ${maskSensitiveText(failure.message)}`);
    }
    const verb = report.dryRun ? 'would replay' : 'replayed';
    const count = report.dryRun ? report.messages.length : report.replayed;
    io.out(
      `${report.dryRun ? 'dry run: ' : ''}${verb} ${count} message${count === 1 ? '' : 's'} from ${report.from} to ${report.to}; ${report.skipped} skipped (other reasons), ${report.failed} failed${report.complete ? '' : io.signal?.aborted ? ' (interrupted)' : ' (limit reached)'}`,
    );
    return report.failed > 0 ? DLQ_EXIT.failure : DLQ_EXIT.ok;
  },
};

function hidden(command: DlqCommand): { visibilityTimeoutSeconds?: number } {
  return command.visibilityTimeoutSeconds === undefined
    ? {}
    : { visibilityTimeoutSeconds: command.visibilityTimeoutSeconds };
}

function describe(error: unknown): string {
  if (isBaltraError(error)) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function secretsOf(env: Readonly<Record<string, string | undefined>>): string[] {
  return [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN].filter(
    (value): value is string => !!value,
  );
}

function scrub(text: string, secrets: readonly string[]): string {
  return maskSensitiveText(
    secrets.reduce((masked, secret) => masked.split(secret).join('***'), text),
  );
}
