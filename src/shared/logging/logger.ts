/** Structured facts attached to a log entry (ids, counts, errors); masked before writing. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * The logging port services depend on (never on winston's types). Entries are JSON lines
 * carrying the current execution context (correlation id, tenant …) and the given fields.
 *
 * @example
 * ```ts
 * class LeadImporter {
 *   constructor(private readonly log: Logger) {}
 *   run(companyId: string) {
 *     const log = this.log.child({ companyId });
 *     log.info('lead import started');
 *     log.error('lead import failed', { error });
 *   }
 * }
 * ```
 */
export interface Logger {
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every entry (call-time fields win on conflicts). */
  child(fields: LogFields): Logger;
}
