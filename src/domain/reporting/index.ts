export * from './build-company-report.js';
export * from './company-report-service.js';
export * from './report.js';
export type * from './report-queries.js';
export type * from './report-renderer.js';
export * from './report-text.js';
