// Company reports printed to PDF by one Chromium: 100 renders (HTML with Vega-Lite SVG charts,
// then Chromium's print) with N pages at a time, for several N. Reports/s, and the peak RSS of
// this process and of the browser's processes (sampled from /proc every 100 ms). The browser
// is launched once per N (a warm-up render) and closed after it. The reports are built once
// from the embedded sample data (the three demo companies, cycled under 100 names).
import { readdirSync, readFileSync } from 'node:fs';
import { CompanyReportService } from '../src/domain/reporting/company-report-service.js';
import type { Report } from '../src/domain/reporting/report.js';
import { bootstrap } from '../src/infra/container/bootstrap.js';
import { TOKENS } from '../src/infra/container/tokens.js';
import { InMemoryAdSpendSource } from '../src/infra/memory/in-memory-ad-spend-source.js';
import { ChromiumReportRenderer } from '../src/infra/reporting/chromium-report-renderer.js';
import { KyselyReportQueries } from '../src/infra/reporting/kysely-report-queries.js';
import { renderReportHtml } from '../src/infra/reporting/render-report-html.js';
import {
  SAMPLE_COMPANIES,
  SAMPLE_PERIOD,
  sampleAdSpend,
  seedSampleReportingData,
} from '../src/infra/reporting/seed-sample-reporting-data.js';

/** Renders `count` reports to PDF with each number of concurrent pages in `pages`. */
export async function benchReporting(count: number, pages: readonly number[]): Promise<string[]> {
  const app = await bootstrap({
    database: { kind: 'pglite' },
    redis: false,
    overrides: { adSpendSource: new InMemoryAdSpendSource(sampleAdSpend()) },
  });
  let base: Report[];
  try {
    await seedSampleReportingData(app.get(TOKENS.UnitOfWork));
    const reports = new CompanyReportService({
      unitOfWork: app.get(TOKENS.UnitOfWork),
      queries: new KyselyReportQueries(app.get(TOKENS.Database)),
      adSpendSource: app.get(TOKENS.AdSpendSource),
    });
    base = [];
    for (const { id } of SAMPLE_COMPANIES) {
      base.push(await reports.report(id, SAMPLE_PERIOD, { locale: 'es-MX' }));
    }
  } finally {
    await app.close();
  }
  const reports = Array.from({ length: count }, (_, n) => {
    const report = base[n % base.length] as Report;
    return { ...report, company: { ...report.company, name: `${report.company.name} #${n + 1}` } };
  });

  const sampled = reports.slice(0, 20);
  const htmlStarted = performance.now();
  for (const report of sampled) await renderReportHtml(report);
  const htmlMs = (performance.now() - htmlStarted) / sampled.length;

  const lines = [
    `## Reporting: ${count} company reports to PDF, one Chromium, N pages at a time (es-MX, 6 A4 pages each)`,
    `HTML with 5 Vega-Lite SVG charts alone: ${htmlMs.toFixed(1)} ms per report (in Node, mean of ${sampled.length})`,
    'pages  reports/s  ms/report  peak RSS node  peak RSS chromium  PDF bytes (mean)',
  ];
  for (const concurrency of pages) {
    const renderer = new ChromiumReportRenderer({ format: 'pdf' });
    const peak = { node: 0, browser: 0 };
    const sampler = setInterval(() => {
      peak.node = Math.max(peak.node, process.memoryUsage().rss);
      peak.browser = Math.max(peak.browser, descendantsRss(process.pid));
    }, 100);
    try {
      await renderer.render(reports[0] as Report); // launches the browser
      let next = 0;
      let bytes = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < reports.length) {
            const report = reports[next] as Report;
            next += 1;
            const rendered = await renderer.render(report);
            bytes += rendered.bytes.length;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      lines.push(
        [
          String(concurrency).padStart(5),
          (count / seconds).toFixed(2).padStart(9),
          ((seconds * 1000) / count).toFixed(0).padStart(9),
          mib(peak.node).padStart(13),
          mib(peak.browser).padStart(17),
          Math.round(bytes / count)
            .toLocaleString('en')
            .padStart(16),
        ].join('  '),
      );
    } finally {
      clearInterval(sampler);
      await renderer.close();
    }
  }
  return lines;
}

/** The summed RSS of every process descended from `root` (Linux /proc), in bytes. */
function descendantsRss(root: number): number {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command may hold spaces and parentheses: the fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  for (const pid of parents.keys()) {
    let parent = parents.get(pid);
    while (parent !== undefined && parent !== root && parent > 1) parent = parents.get(parent);
    if (parent !== root) continue;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      total += Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.env.BENCH_REPORTS ?? 100);
  const pages = (process.env.BENCH_PAGES ?? '1,2,4,8').split(',').map(Number);
  console.log((await benchReporting(count, pages)).join('\n'));
}
