export * from './in-memory-candidate-repository.js';
export * from './in-memory-company-repository.js';
export * from './in-memory-store.js';
export * from './in-memory-unit-of-work.js';
