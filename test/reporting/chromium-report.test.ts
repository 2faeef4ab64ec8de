import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/domain/reporting/report.js';
import { ChromiumReportRenderer } from '../../src/infra/reporting/chromium-report-renderer.js';
import { ChromiumNotFoundError, findChromium } from '../../src/infra/reporting/find-chromium.js';
import { formatReportValue } from '../../src/infra/reporting/format-report-value.js';
import {
  SAMPLE_COMPANIES,
  SAMPLE_PERIOD,
} from '../../src/infra/reporting/seed-sample-reporting-data.js';
import { describeWithChromium, pdfInfo, pdfText } from './support/chromium.js';
import { decodePng, luminanceVariance } from './support/png.js';
import { openSampleApp, type SampleApp } from './support/sample-app.js';

const COMPANY = SAMPLE_COMPANIES[2]?.id as string;
/** A4 and Letter in PDF points, as pdfinfo prints them. */
const A4 = '595.92 x 842.88';
const LETTER = '612 x 792';

describeWithChromium('reports printed by the system Chromium', () => {
  let sample: SampleApp;
  let report: Report;
  let dir: string;
  const pdf = new ChromiumReportRenderer({ format: 'pdf' });
  const png = new ChromiumReportRenderer({ format: 'png' });

  beforeAll(async () => {
    sample = await openSampleApp();
    report = await sample.reports.report(COMPANY, SAMPLE_PERIOD, { locale: 'es-MX' });
    dir = await mkdtemp(join(tmpdir(), 'baltra-reports-'));
  });
  afterAll(async () => {
    await Promise.all([pdf.close(), png.close()]);
    await sample.app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("prints a PDF whose text holds the company and the dashboard service's KPIs, a page per section with its number", async () => {
    // Prepare
    const dashboard = await sample.dashboard.report(COMPANY, SAMPLE_PERIOD);
    const file = join(dir, 'report.pdf');

    // Act
    const rendered = await pdf.render(report);
    await writeFile(file, rendered.bytes);

    // Assess
    expect(rendered.contentType).toBe('application/pdf');
    const text = await pdfText(file);
    expect(text).toContain(SAMPLE_COMPANIES[2]?.name);
    expect(text).toContain('Reporte de contratación');
    const kpi = (value: Parameters<typeof formatReportValue>[0]) =>
      formatReportValue(value, 'es-MX', 'n/d');
    for (const value of [
      kpi({ kind: 'count', value: dashboard.funnel.total }),
      kpi({ kind: 'count', value: dashboard.hires }),
      kpi({ kind: 'money', value: dashboard.costPerHire }),
      kpi({ kind: 'money', value: dashboard.adSpend }),
      kpi({ kind: 'days', value: dashboard.medianTimeToHireDays }),
    ]) {
      expect(text).toContain(value);
    }
    const { pages, size } = await pdfInfo(file);
    expect(size).toBe(A4);
    expect(pages).toBe(report.sections.length);
    for (const [index, section] of report.sections.entries()) {
      const page = await pdfText(file, { page: index + 1 });
      expect(page).toContain(section.heading);
      expect(page).toContain(`Página ${index + 1} / ${pages}`);
    }
  });

  it('prints on Letter paper when asked', async () => {
    // Prepare
    const letter = new ChromiumReportRenderer({ format: 'pdf', paper: 'Letter' });
    const file = join(dir, 'letter.pdf');

    // Act
    try {
      await writeFile(file, (await letter.render(report)).bytes);
    } finally {
      await letter.close();
    }

    // Assess
    expect((await pdfInfo(file)).size).toBe(LETTER);
  });

  it('shoots a PNG of the whole report: 1000 pixels wide, taller than a screen, not blank', async () => {
    // Act
    const rendered = await png.render(report);

    // Assess
    expect(rendered.contentType).toBe('image/png');
    const image = decodePng(rendered.bytes);
    expect(image.width).toBe(1000);
    expect(image.height).toBeGreaterThan(2000);
    // A white page has variance 0; text, rules and bars on white give hundreds.
    expect(luminanceVariance(image)).toBeGreaterThan(200);
  });

  it('renders concurrent reports on one browser, and refuses to render once closed', async () => {
    // Prepare
    const renderer = new ChromiumReportRenderer({ format: 'pdf' });
    const english = await sample.reports.report(COMPANY, SAMPLE_PERIOD, { locale: 'en-US' });

    // Act
    const rendered = await Promise.all([renderer.render(report), renderer.render(english)]);
    await renderer.close();
    const afterClose = renderer.render(report);

    // Assess
    for (const { bytes } of rendered) {
      expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-');
    }
    await expect(afterClose).rejects.toMatchObject({ code: 'REPORT_RENDER_FAILED' });
  });

  it('reports a Chromium that does not start as REPORT_RENDER_FAILED, naming its path', async () => {
    // Prepare
    const broken = new ChromiumReportRenderer({ format: 'pdf', executablePath: '/bin/false' });

    // Act
    const outcome = broken.render(report);

    // Assess
    await expect(outcome).rejects.toMatchObject({
      code: 'REPORT_RENDER_FAILED',
      message: 'Chromium at /bin/false did not start',
    });
    await broken.close();
  });
});

describe('findChromium', () => {
  it('takes BALTRA_CHROMIUM_PATH when it names an executable file', () => {
    // Act
    const found = findChromium({ BALTRA_CHROMIUM_PATH: '/bin/sh', PATH: '' });

    // Assess
    expect(found).toBe('/bin/sh');
  });

  it('refuses a BALTRA_CHROMIUM_PATH that is no executable file, and an empty PATH', () => {
    // Act
    const wrongPath = () => findChromium({ BALTRA_CHROMIUM_PATH: '/tmp', PATH: '/usr/bin' });
    const nothing = () => findChromium({ PATH: '/nonexistent' });

    // Assess
    expect(wrongPath).toThrow(ChromiumNotFoundError);
    expect(wrongPath).toThrow('BALTRA_CHROMIUM_PATH=/tmp is not an executable file');
    expect(nothing).toThrow(/no Chromium on PATH .*apt-get install chromium/);
  });
});
