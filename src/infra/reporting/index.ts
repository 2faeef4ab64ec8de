/**
 * `@baltra/sdk/reporting`: a company's hiring report (funnel, conversion over the period,
 * candidates per source, ad spend and cost per hire, time to hire) as HTML with inline SVG
 * charts (optional peers `vega` and `vega-lite`), or as PDF and PNG printed by the system
 * Chromium (optional peer `playwright-core`). Importing this entry loads none of them.
 *
 * @packageDocumentation
 */

// The declarations of `@baltra/sdk` that this entry's signatures name, exported here too so
// that the entry is complete on its own (API Extractor: no ae-forgotten-export, issue #17).
export type {
  ActionAttemptStore,
  ActionAttempts,
  AdSpendEntry,
  AdSpendSource,
  AttemptRunMode,
  BaltraErrorOptions,
  Candidate,
  CandidateRepository,
  CandidateSource,
  Company,
  CompanyRepository,
  CompanyTier,
  DashboardQueries,
  DashboardReport,
  DomainEvent,
  DomainEventType,
  ErrorContext,
  EventOutbox,
  FunnelBuckets,
  FunnelFilter,
  FunnelStage,
  HiringStats,
  IdempotencyClaim,
  IdempotencyStore,
  LeadCursor,
  LeadCursorRepository,
  LeadField,
  Money,
  Onboarding,
  OnboardingRepository,
  OnboardingStatus,
  OutboxEntry,
  QuarantinedLead,
  QuarantineRepository,
  RawLead,
  ReportingPeriod,
  Repositories,
  StageConversion,
  StageCounts,
  StageTransition,
  StageTransitionRepository,
  UnitOfWork,
  Vacancy,
  VacancyRepository,
} from '../../domain/index.js';
export {
  BaltraError,
  CandidateSchema,
  CandidateSourceSchema,
  CompanySchema,
  CompanyTierSchema,
  DOMAIN_EVENT_TYPES,
  FunnelFilterSchema,
  FunnelStageSchema,
  InfrastructureError,
  isBaltraError,
  LeadFieldSchema,
  ONBOARDING_STATUSES,
  RawLeadSchema,
  ReportingPeriodSchema,
  StageTransitionSchema,
  VacancySchema,
} from '../../domain/index.js';
export * from '../../domain/reporting/index.js';
export type { EnvSource, Settings } from '../../shared/index.js';
export type {
  ActionAttemptsTable,
  BaltraDatabase,
  CandidatesTable,
  CompaniesTable,
  IdempotencyKeysTable,
  JsonColumn,
  LeadCursorsTable,
  OnboardingsTable,
  OutboxTable,
  QuarantinedLeadsTable,
  RateLimitCountersTable,
  StageTransitionsTable,
  StoredRawLead,
  TimestampWithDefault,
  VacanciesTable,
} from '../postgres/index.js';
export {
  ChromiumReportRenderer,
  type ChromiumReportRendererOptions,
} from './chromium-report-renderer.js';
export { CHROMIUM_EXECUTABLES, ChromiumNotFoundError, findChromium } from './find-chromium.js';
export {
  formatMeasure,
  formatMoney,
  formatReportDate,
  formatReportValue,
  toMajorUnits,
} from './format-report-value.js';
export { HtmlReportRenderer } from './html-report-renderer.js';
export { KyselyReportQueries } from './kysely-report-queries.js';
export { escapeHtml, periodText, renderReportHtml } from './render-report-html.js';
export {
  type ReadReportingSettingsOptions,
  type ReportingSettings,
  readReportingSettings,
  reportingSettingsSchema,
} from './reporting-settings.js';
export {
  SAMPLE_COMPANIES,
  SAMPLE_PERIOD,
  sampleAdSpend,
  seedSampleReportingData,
} from './seed-sample-reporting-data.js';
export {
  COLOUR_BLIND_SAFE_PALETTE,
  REPORT_FONT,
  renderChartSvg,
  renderVegaSvg,
  vegaLiteSpec,
} from './vega-chart-renderer.js';
