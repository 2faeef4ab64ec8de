import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { isBaltraError } from '../domain/errors.js';
import type { ReportingPeriod } from '../domain/models/reporting-period.js';
import { CompanyReportService } from '../domain/reporting/company-report-service.js';
import { REPORT_LOCALES, type ReportLocale } from '../domain/reporting/report.js';
import type { ReportCompany } from '../domain/reporting/report-queries.js';
import type { ReportFormat, ReportRenderer } from '../domain/reporting/report-renderer.js';
import { type BaltraApp, bootstrap, type DatabaseOption } from '../infra/container/bootstrap.js';
import { TOKENS } from '../infra/container/tokens.js';
import { InMemoryAdSpendSource } from '../infra/memory/in-memory-ad-spend-source.js';
import { ChromiumReportRenderer } from '../infra/reporting/chromium-report-renderer.js';
import { HtmlReportRenderer } from '../infra/reporting/html-report-renderer.js';
import { KyselyReportQueries } from '../infra/reporting/kysely-report-queries.js';
import {
  SAMPLE_PERIOD,
  sampleAdSpend,
  seedSampleReportingData,
} from '../infra/reporting/seed-sample-reporting-data.js';

export const REPORT_USAGE = `Usage: baltra report (--company <id> | --all-companies) --from <date> --to <date>
                     [--format html|pdf|png] [--out <file or directory>] [--locale en-US|es-MX]
                     [--paper A4|Letter] [--concurrency N] [--database-url URL]

  A company's hiring report (funnel, conversion, sources, spend, time to hire) for the period
  [--from, --to) (ISO dates, UTC; --to excluded). PDF and PNG are printed by Chromium
  (BALTRA_CHROMIUM_PATH, else chromium on PATH). Without a database URL (--database-url,
  BALTRA_DATABASE_URL, DATABASE_URL) it runs on an embedded database seeded with the demo's
  sample companies, and --from/--to default to the sample's period.

  --out            a file for one company (default report-<id>.<format>), a directory with
                   --all-companies (default reports/): one file per company
  --concurrency N  companies rendered at once with --all-companies (default 4, one browser)`;

/** Where `baltra report` writes and what environment it reads (a slice of the CLI's `CliIo`). */
export interface ReportIo {
  /** Writes one line of normal output: the files written. */
  readonly out: (line: string) => void;
  /** Writes one line of diagnostics: progress and failures. */
  readonly err: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** What a test may replace: the renderer factory (a failing one, say). */
export interface ReportCommandDependencies {
  readonly createRenderer?: (format: ReportFormat, options: ReportRunOptions) => ReportRenderer;
}

/** The parsed options of `baltra report`. */
export interface ReportRunOptions {
  readonly company?: string;
  readonly allCompanies: boolean;
  readonly period?: ReportingPeriod;
  readonly format: ReportFormat;
  readonly out?: string;
  readonly locale: ReportLocale;
  readonly paper: 'A4' | 'Letter';
  readonly concurrency: number;
  readonly databaseUrl?: string;
}

class UsageError extends Error {}

/**
 * `baltra report …`: renders one company's report, or every company's (`--all-companies`,
 * bounded concurrency, one browser, a failed company reported while the others finish), and
 * returns the exit code: 0 all written, 1 some failed, 2 usage error. Progress goes to stderr.
 *
 * @example
 * ```ts
 * const code = await runReportCommand(['--all-companies', '--format', 'pdf'], io);
 * ```
 */
export async function runReportCommand(
  args: readonly string[],
  io: ReportIo,
  dependencies: ReportCommandDependencies = {},
): Promise<number> {
  let options: ReportRunOptions;
  try {
    options = parseReportArguments(args, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`baltra report: ${error.message}`);
    io.err(REPORT_USAGE);
    return 2;
  }
  let app: BaltraApp | undefined;
  const renderer = (dependencies.createRenderer ?? createRenderer)(options.format, options);
  try {
    const opened = await openApp(options, io);
    app = opened.app;
    const period = options.period ?? opened.defaultPeriod;
    if (!period) throw new UsageError('--from and --to are needed on a configured database');
    const queries = new KyselyReportQueries(app.get(TOKENS.Database));
    const reports = new CompanyReportService({
      unitOfWork: app.get(TOKENS.UnitOfWork),
      queries,
      ...(opened.adSpend ? { adSpendSource: opened.adSpend } : {}),
    });
    const companies: ReportCompany[] = options.allCompanies
      ? await queries.listCompanies()
      : [{ id: options.company as string, name: options.company as string }];
    const outputs = companies.map((company) => ({
      company,
      file: outputFile(options, company, companies.length > 1 || options.allCompanies),
    }));
    let done = 0;
    const failures: string[] = [];
    const written: string[] = [];
    await forEachBounded(outputs, options.allCompanies ? options.concurrency : 1, async (job) => {
      const started = performance.now();
      try {
        const report = await reports.report(job.company.id, period, { locale: options.locale });
        const rendered = await renderer.render(report);
        await mkdir(dirname(job.file), { recursive: true });
        await writeFile(job.file, rendered.bytes);
        written.push(job.file);
        done += 1;
        io.err(
          `[${done + failures.length}/${outputs.length}] ${report.company.name}: ${job.file} (${rendered.bytes.length.toLocaleString('en-US')} bytes, ${((performance.now() - started) / 1000).toFixed(1)} s)`,
        );
      } catch (error) {
        failures.push(job.company.id);
        io.err(
          `[${done + failures.length}/${outputs.length}] ${job.company.name}: FAILED ${describe(error)}`,
        );
      }
    });
    // stdout: the files written, one a line, for scripts.
    for (const file of written) io.out(file);
    if (failures.length > 0) {
      io.err(`baltra report: ${failures.length} of ${outputs.length} report(s) failed`);
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`baltra report: ${error.message}`);
      return 2;
    }
    io.err(`baltra report: ${describe(error)}`);
    return 1;
  } finally {
    await renderer.close().catch(() => undefined);
    await app?.close().catch(() => undefined);
  }
}

function createRenderer(format: ReportFormat, options: ReportRunOptions): ReportRenderer {
  if (format === 'html') return new HtmlReportRenderer();
  return new ChromiumReportRenderer({ format, paper: options.paper });
}

async function openApp(
  options: ReportRunOptions,
  io: ReportIo,
): Promise<{ app: BaltraApp; defaultPeriod?: ReportingPeriod; adSpend?: InMemoryAdSpendSource }> {
  if (options.databaseUrl !== undefined) {
    const database: DatabaseOption = /^pglite:/i.test(options.databaseUrl)
      ? { kind: 'pglite', dataDir: options.databaseUrl.replace(/^pglite:(\/\/)?/i, '') }
      : { kind: 'postgres', connectionString: options.databaseUrl, poolSize: 4 };
    return { app: await bootstrap({ database, redis: false }) };
  }
  const adSpend = new InMemoryAdSpendSource(sampleAdSpend());
  const app = await bootstrap({
    database: { kind: 'pglite' },
    redis: false,
    overrides: { adSpendSource: adSpend },
  });
  const seeded = await seedSampleReportingData(app.get(TOKENS.UnitOfWork));
  io.err(
    `embedded database (no database URL): the demo's ${seeded.companies} sample companies, ${seeded.candidates} candidates`,
  );
  return { app, defaultPeriod: SAMPLE_PERIOD, adSpend };
}

/** Parses `baltra report`'s arguments; exported for tests. */
export function parseReportArguments(
  args: readonly string[],
  env: ReportIo['env'],
): ReportRunOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      allowPositionals: false,
      options: {
        company: { type: 'string' },
        'all-companies': { type: 'boolean', default: false },
        from: { type: 'string' },
        to: { type: 'string' },
        format: { type: 'string', default: 'html' },
        out: { type: 'string' },
        locale: { type: 'string', default: 'en-US' },
        paper: { type: 'string', default: 'A4' },
        concurrency: { type: 'string', default: '4' },
        'database-url': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const company = values.company as string | undefined;
  const allCompanies = values['all-companies'] === true;
  if ((company === undefined) === !allCompanies) {
    throw new UsageError('give either --company <id> or --all-companies');
  }
  const format = values.format as string;
  if (format !== 'html' && format !== 'pdf' && format !== 'png') {
    throw new UsageError(`--format must be html, pdf or png, not ${format}`);
  }
  const locale = values.locale as string;
  if (!(REPORT_LOCALES as readonly string[]).includes(locale)) {
    throw new UsageError(`--locale must be ${REPORT_LOCALES.join(' or ')}, not ${locale}`);
  }
  const paper = values.paper as string;
  if (paper !== 'A4' && paper !== 'Letter') throw new UsageError('--paper must be A4 or Letter');
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) {
    throw new UsageError('--concurrency must be an integer from 1 to 32');
  }
  const from = values.from as string | undefined;
  const to = values.to as string | undefined;
  if ((from === undefined) !== (to === undefined))
    throw new UsageError('give both --from and --to');
  const period = from !== undefined && to !== undefined ? parsePeriod(from, to) : undefined;
  const databaseUrl =
    nonEmpty(values['database-url'] as string | undefined) ??
    nonEmpty(env.BALTRA_DATABASE_URL) ??
    nonEmpty(env.DATABASE_URL);
  return {
    ...(company === undefined ? {} : { company }),
    allCompanies,
    ...(period ? { period } : {}),
    format,
    ...(values.out === undefined ? {} : { out: values.out as string }),
    locale: locale as ReportLocale,
    paper,
    concurrency,
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
  };
}

function parsePeriod(from: string, to: string): ReportingPeriod {
  const period = { from: parseInstant('--from', from), to: parseInstant('--to', to) };
  if (period.from >= period.to) throw new UsageError('--from must be before --to');
  return period;
}

function parseInstant(flag: string, text: string): Date {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00.000Z` : text;
  const date = new Date(iso);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime())) {
    throw new UsageError(`${flag} must be an ISO date such as 2026-10-01, not ${text}`);
  }
  return date;
}

function outputFile(options: ReportRunOptions, company: ReportCompany, many: boolean): string {
  const name = `report-${company.id}.${options.format}`;
  if (!many) return options.out ?? name;
  return join(options.out ?? 'reports', name);
}

/** Runs `work` on every item, at most `limit` at a time; never rejects (work catches). */
async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

function describe(error: unknown): string {
  if (isBaltraError(error)) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
