import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportIo as CliIo } from '../../src/bin/run-report-command.js';
import { parseReportArguments, runReportCommand } from '../../src/bin/run-report-command.js';
import type { DashboardReport } from '../../src/domain/models/dashboard-report.js';
import { FUNNEL_STAGES } from '../../src/domain/models/funnel-stage.js';
import { reportText } from '../../src/domain/reporting/report-text.js';
import { formatReportValue } from '../../src/infra/reporting/format-report-value.js';
import { HtmlReportRenderer } from '../../src/infra/reporting/html-report-renderer.js';
import {
  SAMPLE_COMPANIES,
  SAMPLE_PERIOD,
} from '../../src/infra/reporting/seed-sample-reporting-data.js';
import { runInProcess, spawnBaltra } from '../support/run-cli.js';
import { BROWSER_TEST_TIMEOUT_MS, describeWithChromium, pdfText } from './support/chromium.js';
import { openSampleApp } from './support/sample-app.js';

const [FIRST, SECOND, THIRD] = SAMPLE_COMPANIES.map((c) => c.id) as [string, string, string];

/** Captures what a command prints. */
function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (line) => stdout.push(line),
    err: (line) => stderr.push(line),
    env: {},
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baltra-report-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describeWithChromium('baltra report --format pdf on the embedded default', () => {
  let dashboard: DashboardReport;

  beforeAll(async () => {
    const sample = await openSampleApp();
    try {
      dashboard = await sample.dashboard.report(SECOND, SAMPLE_PERIOD);
    } finally {
      await sample.app.close();
    }
  });

  it('writes a PDF whose text holds the funnel numbers the dashboard service returns for the same company and period (spawned)', async () => {
    // Prepare
    const file = join(dir, 'norte.pdf');

    // Act
    const result = await spawnBaltra(
      [
        'report',
        '--company',
        SECOND,
        '--from',
        '2026-10-01',
        '--to',
        '2026-12-01',
        '--format',
        'pdf',
        '--out',
        file,
      ],
      { PATH: process.env.PATH ?? '' },
    );

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${file}\n`);
    expect(result.stderr).toMatch(/embedded database .* 3 sample companies/);
    expect(result.stderr).toContain(`[1/1] ${SAMPLE_COMPANIES[1]?.name}: ${file}`);
    const text = await pdfText(file, { layout: true });
    expect(text).toContain(SAMPLE_COMPANIES[1]?.name);
    const stages = reportText('en-US').stages;
    for (const stage of FUNNEL_STAGES) {
      // The funnel table's row: stage, candidates in it, candidates who reached it.
      const row = new RegExp(
        `^\\s*${stages[stage]}\\s+${dashboard.funnel.counts[stage]}\\s+${dashboard.funnel.reached[stage]}\\b`,
        'm',
      );
      expect(text).toMatch(row);
    }
    const kpi = (value: Parameters<typeof formatReportValue>[0]) =>
      formatReportValue(value, 'en-US', 'n/a');
    expect(text).toContain(kpi({ kind: 'count', value: dashboard.hires }));
    expect(text).toContain(kpi({ kind: 'money', value: dashboard.costPerHire }));
    expect(dashboard.funnel.total).toBe(SAMPLE_COMPANIES[1]?.candidates);
  });
});

describe('baltra report --all-companies', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('writes one file per company and reports a failed company while the others finish (exit 1)', async () => {
    // Prepare
    const io = captureIo();
    const out = join(dir, 'all');
    const html = new HtmlReportRenderer();
    let closed = 0;
    const flaky = {
      format: 'html' as const,
      render: async (report: Parameters<HtmlReportRenderer['render']>[0]) => {
        if (report.company.id === SECOND) throw new Error('disk on fire');
        return html.render(report);
      },
      close: async () => {
        closed += 1;
      },
    };

    // Act
    const code = await runReportCommand(
      ['--all-companies', '--format', 'html', '--out', out, '--concurrency', '2'],
      io,
      { createRenderer: () => flaky },
    );

    // Assess
    expect(code).toBe(1);
    expect((await readdir(out)).sort()).toEqual(
      [FIRST, THIRD].map((id) => `report-${id}.html`).sort(),
    );
    expect(io.stdout.sort()).toEqual(
      [FIRST, THIRD].map((id) => join(out, `report-${id}.html`)).sort(),
    );
    expect(io.stderr.filter((line) => /^\[\d\/3\] /.test(line))).toHaveLength(3);
    expect(io.stderr.filter((line) => line.includes('FAILED'))).toEqual([
      `[${io.stderr.filter((line) => /^\[\d\/3\] /.test(line)).findIndex((l) => l.includes('FAILED')) + 1}/3] ${SAMPLE_COMPANIES[1]?.name}: FAILED Error: disk on fire`,
    ]);
    expect(io.stderr.at(-1)).toBe('baltra report: 1 of 3 report(s) failed');
    expect(closed).toBe(1);
    const written = await readFile(join(out, `report-${THIRD}.html`), 'utf8');
    expect(written).toContain(SAMPLE_COMPANIES[2]?.name);
  });

  it('writes every company in Spanish through the CLI dispatcher (exit 0)', async () => {
    // Prepare
    const out = join(dir, 'es');

    // Act
    const result = await runInProcess([
      'report',
      '--all-companies',
      '--locale',
      'es-MX',
      '--out',
      out,
    ]);

    // Assess
    expect(result.code).toBe(0);
    expect(await readdir(out)).toHaveLength(SAMPLE_COMPANIES.length);
    const html = await readFile(join(out, `report-${FIRST}.html`), 'utf8');
    expect(html).toContain('<html lang="es-MX">');
    expect(html).toContain('Reporte de contratación');
  });
});

describe('baltra report arguments', () => {
  it('refuses a missing or doubled company choice, an unknown format or locale, a reversed period (exit 2)', async () => {
    for (const args of [
      [],
      ['--company', FIRST, '--all-companies'],
      ['--company', FIRST, '--format', 'docx'],
      ['--company', FIRST, '--locale', 'fr-FR'],
      ['--company', FIRST, '--from', '2026-12-01', '--to', '2026-10-01'],
      ['--company', FIRST, '--from', '2026-10-01'],
      ['--company', FIRST, '--from', 'yesterday', '--to', '2026-10-01'],
      ['--company', FIRST, '--concurrency', '0'],
      ['--company', FIRST, '--colour', 'red'],
    ]) {
      // Act
      const io = captureIo();
      const code = await runReportCommand(args, io);

      // Assess
      expect(code, args.join(' ')).toBe(2);
      expect(io.stderr[0]).toMatch(/^baltra report: /);
    }
  });

  it('reads the period as UTC days, --to excluded, and the database URL from the environment', () => {
    // Act
    const options = parseReportArguments(
      ['--company', FIRST, '--from', '2026-10-01', '--to', '2026-11-01', '--format', 'png'],
      { DATABASE_URL: 'postgres://u@db/x' },
    );

    // Assess
    expect(options).toEqual({
      company: FIRST,
      allCompanies: false,
      period: {
        from: new Date('2026-10-01T00:00:00.000Z'),
        to: new Date('2026-11-01T00:00:00.000Z'),
      },
      format: 'png',
      locale: 'en-US',
      paper: 'A4',
      concurrency: 4,
      databaseUrl: 'postgres://u@db/x',
    });
  });
});
