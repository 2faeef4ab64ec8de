/**
 * Sample report: the funnel and cost numbers of the demo's companies as a picture. Boots the
 * SDK on the embedded database (PGlite), seeds the three sample companies (deterministic: the
 * same numbers on every run) with their ad spend, builds the first company's report for
 * October–November 2026 and writes it as HTML (charts as inline SVG) and, when a Chromium is
 * installed (`apt-get install chromium`, or BALTRA_CHROMIUM_PATH), as PDF and PNG.
 *
 *   npm run report:sample                 # reports/sample-report.{html,pdf,png}
 *   npm run report:sample -- --locale en-US --out /tmp/reports
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bootstrap, TOKENS } from '@baltra/sdk/container';
import {
  ChromiumReportRenderer,
  CompanyReportService,
  findChromium,
  HtmlReportRenderer,
  KyselyReportQueries,
  type ReportLocale,
  type ReportRenderer,
  SAMPLE_COMPANIES,
  SAMPLE_PERIOD,
  sampleAdSpend,
  seedSampleReportingData,
} from '@baltra/sdk/reporting';
import { InMemoryAdSpendSource } from '@baltra/sdk/testing';

const { values } = parseArgs({
  options: {
    locale: { type: 'string', default: 'es-MX' },
    out: { type: 'string', default: 'reports' },
  },
});
const locale = (values.locale === 'en-US' ? 'en-US' : 'es-MX') satisfies ReportLocale;
const out = values.out ?? 'reports';

const app = await bootstrap({
  database: { kind: 'pglite' },
  redis: false,
  overrides: { adSpendSource: new InMemoryAdSpendSource(sampleAdSpend()) },
});
try {
  await seedSampleReportingData(app.get(TOKENS.UnitOfWork));
  const reports = new CompanyReportService({
    unitOfWork: app.get(TOKENS.UnitOfWork),
    queries: new KyselyReportQueries(app.get(TOKENS.Database)),
    adSpendSource: app.get(TOKENS.AdSpendSource),
  });
  const company = SAMPLE_COMPANIES[0];
  if (!company) throw new Error('no sample company');
  const report = await reports.report(company.id, SAMPLE_PERIOD, { locale });

  const renderers: ReportRenderer[] = [new HtmlReportRenderer()];
  try {
    findChromium(process.env);
    renderers.push(
      new ChromiumReportRenderer({ format: 'pdf' }),
      new ChromiumReportRenderer({ format: 'png' }),
    );
  } catch (error) {
    console.warn(`PDF and PNG skipped: ${(error as Error).message}`);
  }
  await mkdir(out, { recursive: true });
  for (const renderer of renderers) {
    try {
      const rendered = await renderer.render(report);
      const file = join(out, `sample-report.${rendered.format}`);
      await writeFile(file, rendered.bytes);
      console.log(`${file} (${rendered.bytes.length.toLocaleString('en-US')} bytes)`);
    } finally {
      await renderer.close();
    }
  }
  console.log(`\n${report.title}: ${report.company.name}, ${report.sections.length} sections`);
} finally {
  await app.close();
}
