// The embedded app the reporting suites read: PGlite seeded with the demo's sample companies,
// their ad spend, and the report service wired as `baltra report` wires it.

import { CompanyReportService } from '../../../src/domain/reporting/company-report-service.js';
import type { AdminDashboardService } from '../../../src/domain/services/admin-dashboard-service.js';
import { type BaltraApp, bootstrap } from '../../../src/infra/container/bootstrap.js';
import { TOKENS } from '../../../src/infra/container/tokens.js';
import { InMemoryAdSpendSource } from '../../../src/infra/memory/in-memory-ad-spend-source.js';
import { KyselyReportQueries } from '../../../src/infra/reporting/kysely-report-queries.js';
import {
  sampleAdSpend,
  seedSampleReportingData,
} from '../../../src/infra/reporting/seed-sample-reporting-data.js';

export interface SampleApp {
  readonly app: BaltraApp;
  readonly reports: CompanyReportService;
  readonly dashboard: AdminDashboardService;
  readonly queries: KyselyReportQueries;
}

/** Boots PGlite in memory, seeds the sample and wires the report service; close `app`. */
export async function openSampleApp(): Promise<SampleApp> {
  const app = await bootstrap({
    database: { kind: 'pglite' },
    redis: false,
    overrides: { adSpendSource: new InMemoryAdSpendSource(sampleAdSpend()) },
  });
  await seedSampleReportingData(app.get(TOKENS.UnitOfWork));
  const queries = new KyselyReportQueries(app.get(TOKENS.Database));
  const reports = new CompanyReportService({
    unitOfWork: app.get(TOKENS.UnitOfWork),
    queries,
    adSpendSource: app.get(TOKENS.AdSpendSource),
    now: () => new Date('2026-12-07T12:00:00.000Z'),
  });
  return { app, reports, dashboard: app.get(TOKENS.AdminDashboardService), queries };
}
