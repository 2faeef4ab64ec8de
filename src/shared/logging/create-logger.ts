import { createRequire } from 'node:module';
import type * as Winston from 'winston';
import { getExecutionContext } from '../context/execution-context.js';
import type { LogLevel } from './log-level.js';
import type { LogFields, Logger } from './logger.js';
import { type LogValue, toLogValue } from './to-log-value.js';

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Entries below this level are dropped; default `info`. */
  readonly level?: LogLevel;
  /** Written as `service` on every entry; default `baltra-service`. */
  readonly service?: string;
  /** Mask emails and phone numbers; default `true`. Secrets under sensitive keys are always hidden. */
  readonly redact?: boolean;
  /** Bound to every entry, like `child(fields)`. */
  readonly fields?: LogFields;
  /** Keep the stack of errors given in fields; default `false`. */
  readonly errorStack?: boolean;
  /** Winston transports to write to (for tests or custom sinks); default: stdout. */
  readonly transports?: readonly Winston.transport[];
  /** Writes JSON lines to this stream (added to `transports`). */
  readonly stream?: NodeJS.WritableStream;
}

type WinstonModule = typeof Winston;

// winston (through @colors/colors) reads process.env when loaded, so it is required on first use.
let winstonModule: WinstonModule | undefined;
function loadWinston(): WinstonModule {
  winstonModule ??= createRequire(import.meta.url)('winston') as WinstonModule;
  return winstonModule;
}

/** Keys winston owns in an entry; fields using them are renamed with a leading `_`. */
const RESERVED = new Set(['level', 'message', 'timestamp']);

/**
 * Creates a JSON-lines {@link Logger} backed by winston. Each entry has `timestamp`, `level`,
 * `message`, `service`, the execution context current at the call (correlationId, tenantId,
 * tenantTier, actionId …), bound and call fields; errors in fields become
 * `{ name, message, code }`; PII is masked unless `redact: false`.
 *
 * @example
 * ```ts
 * const log = createLogger({ service: 'lead-ingestion', level: 'debug' });
 * await runWithContext({ tenantId: 'acme' }, async () => {
 *   log.info('leads imported', { count: 12 });
 *   // {"level":"info","message":"leads imported","service":"lead-ingestion",
 *   //  "correlationId":"…","tenantId":"acme","count":12,"timestamp":"…"}
 * });
 * ```
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const winston = loadWinston();
  const transports: Winston.transport[] = [...(options.transports ?? [])];
  if (options.stream !== undefined) {
    transports.push(new winston.transports.Stream({ stream: options.stream }));
  }
  if (transports.length === 0) transports.push(new winston.transports.Console());
  const target = winston.createLogger({
    level: options.level ?? 'info',
    levels: winston.config.npm.levels,
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    transports,
  });
  const settings: EntrySettings = {
    service: options.service ?? 'baltra-service',
    maskPii: options.redact ?? true,
    includeStack: options.errorStack ?? false,
  };
  return new WinstonLogger(target, settings, { ...options.fields });
}

interface EntrySettings {
  readonly service: string;
  readonly maskPii: boolean;
  readonly includeStack: boolean;
}

class WinstonLogger implements Logger {
  constructor(
    private readonly target: Winston.Logger,
    private readonly settings: EntrySettings,
    private readonly bound: LogFields,
  ) {}

  error(message: string, fields?: LogFields): void {
    this.write('error', message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.write('warn', message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.write('info', message, fields);
  }

  debug(message: string, fields?: LogFields): void {
    this.write('debug', message, fields);
  }

  child(fields: LogFields): Logger {
    return new WinstonLogger(this.target, this.settings, { ...this.bound, ...fields });
  }

  private write(level: LogLevel, message: string, fields: LogFields | undefined): void {
    if (!this.target.isLevelEnabled(level)) return;
    // The context is read now: winston formats may run later, outside this async scope.
    const context = getExecutionContext();
    const raw: Record<string, unknown> = { service: this.settings.service };
    for (const [key, value] of Object.entries(context ?? {})) raw[key] = value;
    for (const [key, value] of Object.entries({ ...this.bound, ...fields })) {
      raw[RESERVED.has(key) ? `_${key}` : key] = value;
    }
    const options = { maskPii: this.settings.maskPii, includeStack: this.settings.includeStack };
    const entry = toLogValue(raw, options) as Record<string, LogValue>;
    this.target.log({ level, message: toLogValue(message, options) as string, ...entry });
  }
}
