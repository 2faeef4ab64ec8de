export * from './errors.js';
export * from './models/candidate.js';
export * from './models/company.js';
export * from './models/funnel-buckets.js';
export * from './models/funnel-stage.js';
export type * from './ports/candidate-repository.js';
export type * from './ports/company-repository.js';
export type * from './ports/unit-of-work.js';
export * from './services/funnel-service.js';
