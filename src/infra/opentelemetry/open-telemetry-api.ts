import type * as OtelApi from '@opentelemetry/api';

/** The parts of `@opentelemetry/api` the adapter uses (pass the module itself). */
export type OpenTelemetryApi = Pick<
  typeof OtelApi,
  'context' | 'trace' | 'metrics' | 'SpanKind' | 'SpanStatusCode'
>;
