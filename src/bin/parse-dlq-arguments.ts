/** A `baltra dlq` command line, parsed. */
export type DlqCommand =
  | ({ readonly command: 'list'; readonly queue: string; readonly limit?: number } & DlqCommon)
  | ({ readonly command: 'show'; readonly queue: string; readonly id?: string } & DlqCommon)
  | ({
      readonly command: 'replay';
      readonly queue: string;
      readonly to: string;
      readonly reason?: string;
      readonly limit?: number;
      readonly dryRun: boolean;
      readonly yes: boolean;
    } & DlqCommon);

/** Options every `baltra dlq` command takes. */
export interface DlqCommon {
  readonly broker: 'sqs' | 'redis';
  readonly json: boolean;
  readonly endpoint?: string;
  readonly region?: string;
  /** How long received messages stay hidden while a command reads them. */
  readonly visibilityTimeoutSeconds?: number;
}

/** A command line `baltra dlq` cannot run: exit 2 with the usage. */
export class DlqUsageError extends Error {}

const VALUE_OPTIONS = [
  '--to',
  '--reason',
  '--limit',
  '--id',
  '--broker',
  '--endpoint',
  '--region',
  '--visibility-timeout',
];
const FLAGS = ['--dry-run', '--yes', '-y', '--json'];
const ALLOWED: Record<DlqCommand['command'], readonly string[]> = {
  list: ['--limit', '--json'],
  show: ['--id', '--json'],
  replay: ['--to', '--reason', '--limit', '--dry-run', '--yes', '-y'],
};

/**
 * Parses the arguments after `baltra dlq`: `list|show|replay <queue>` and their options
 * (`--name value` or `--name=value`). Throws {@link DlqUsageError} for anything else.
 *
 * @example
 * ```ts
 * parseDlqArguments(['replay', 'jobs-dlq', '--to', 'jobs', '--limit=10']);
 * // { command: 'replay', queue: 'jobs-dlq', to: 'jobs', limit: 10, dryRun: false, yes: false, broker: 'sqs', json: false }
 * ```
 */
export function parseDlqArguments(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): DlqCommand {
  const positional: string[] = [];
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    const [name, inline] = arg.startsWith('--') ? splitOption(arg) : [arg, undefined];
    if (VALUE_OPTIONS.includes(name)) {
      const value = inline ?? args[i + 1];
      if (value === undefined || value === '' || (inline === undefined && value.startsWith('-'))) {
        throw new DlqUsageError(`${name} needs a value`);
      }
      if (inline === undefined) i += 1;
      values.set(name, value);
    } else if (FLAGS.includes(name) && inline === undefined) {
      flags.add(name === '-y' ? '--yes' : name);
    } else if (arg.startsWith('-')) {
      throw new DlqUsageError(`unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  const [command, queue, ...extra] = positional;
  if (command !== 'list' && command !== 'show' && command !== 'replay') {
    throw new DlqUsageError(
      command === undefined ? 'dlq needs list, show or replay' : `unknown dlq command ${command}`,
    );
  }
  if (queue === undefined) throw new DlqUsageError(`dlq ${command} needs the dead-letter queue`);
  if (extra.length > 0) throw new DlqUsageError(`unexpected argument ${extra[0]}`);
  for (const name of [...values.keys(), ...flags]) {
    const common = ['--broker', '--endpoint', '--region', '--visibility-timeout'].includes(name);
    const allowed = ALLOWED[command].includes(name) || (name === '--yes' && command === 'replay');
    if (!common && !allowed) throw new DlqUsageError(`dlq ${command} takes no ${name}`);
  }
  const broker = values.get('--broker') ?? defaultBroker(env);
  if (broker !== 'sqs' && broker !== 'redis') {
    throw new DlqUsageError(`unknown broker ${broker}: use sqs or redis`);
  }
  const common: DlqCommon = {
    broker,
    json: flags.has('--json'),
    ...optional('endpoint', values.get('--endpoint')),
    ...optional('region', values.get('--region')),
    ...optional(
      'visibilityTimeoutSeconds',
      values.has('--visibility-timeout')
        ? wholeNumber('--visibility-timeout', values.get('--visibility-timeout') as string)
        : undefined,
    ),
  };
  const limit = values.has('--limit')
    ? wholeNumber('--limit', values.get('--limit') as string)
    : undefined;
  if (command === 'list') return { command, queue, ...common, ...optional('limit', limit) };
  if (command === 'show')
    return { command, queue, ...common, ...optional('id', values.get('--id')) };
  const to = values.get('--to');
  if (to === undefined) throw new DlqUsageError('dlq replay needs --to <queue>');
  if (to === queue)
    throw new DlqUsageError('--to must name another queue than the dead-letter queue');
  return {
    command,
    queue,
    to,
    ...optional('reason', values.get('--reason')),
    ...optional('limit', limit),
    dryRun: flags.has('--dry-run'),
    yes: flags.has('--yes'),
    ...common,
  };
}

/** Redis when the service puts its broker there (`BALTRA_REDIS_PORTS`), else SQS. */
function defaultBroker(env: Readonly<Record<string, string | undefined>>): 'sqs' | 'redis' {
  const ports = (env.BALTRA_REDIS_PORTS ?? '').split(',').map((port) => port.trim());
  return ports.includes('broker') || ports.includes('all') ? 'redis' : 'sqs';
}

function splitOption(arg: string): [string, string | undefined] {
  const at = arg.indexOf('=');
  return at < 0 ? [arg, undefined] : [arg.slice(0, at), arg.slice(at + 1)];
}

function wholeNumber(option: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new DlqUsageError(`${option} must be a whole number of at least 1, got ${text}`);
  }
  return value;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
