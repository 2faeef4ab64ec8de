import { getTelemetry } from './global-telemetry.js';
import { METRICS } from './metric-catalogue.js';
import { recordMetric } from './record-metric.js';
import type { Telemetry, TelemetryAttributes, TelemetrySpanKind } from './telemetry.js';

/** Options of {@link traced}. */
export interface TracedOptions {
  /** Default: the process-wide telemetry at call time ({@link getTelemetry}). */
  readonly telemetry?: Telemetry;
  readonly kind?: TelemetrySpanKind;
  /** Added to the span and to the duration metric (keep them low-cardinality). */
  readonly attributes?: TelemetryAttributes;
}

/**
 * Wraps an async function so every call runs in a span named `name` (children nest under
 * it) and records its latency in `operation_duration_seconds` with `operation` and
 * `outcome` (`success` | `error`). Errors are recorded on the span (no stack) and rethrown
 * unchanged. Use it around use cases, adapter calls and message handlers.
 *
 * @example
 * ```ts
 * const buckets = traced('FunnelService.buckets', (companyId: string) => funnel.buckets(companyId));
 * const result = await buckets(companyId);
 * ```
 */
export function traced<A extends unknown[], R>(
  name: string,
  fn: (...args: A) => Promise<R> | R,
  options: TracedOptions = {},
): (...args: A) => Promise<R> {
  return async (...args: A): Promise<R> => {
    const telemetry = options.telemetry ?? getTelemetry();
    const span = telemetry.startSpan(name, {
      kind: options.kind ?? 'internal',
      ...(options.attributes === undefined ? {} : { attributes: options.attributes }),
    });
    const started = performance.now();
    let outcome: 'success' | 'error' = 'success';
    try {
      return await telemetry.withSpan(span, () => fn(...args));
    } catch (error) {
      outcome = 'error';
      span.recordError(error);
      throw error;
    } finally {
      span.end();
      recordMetric(telemetry, METRICS.operationDurationSeconds, seconds(started), {
        ...options.attributes,
        operation: name,
        outcome,
      });
    }
  };
}

function seconds(startedAt: number): number {
  return (performance.now() - startedAt) / 1000;
}
