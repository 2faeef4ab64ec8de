import type { Telemetry, TelemetrySpan } from './telemetry.js';

const noopInstrument = Object.freeze({ add() {}, record() {} });
const noopSpan: TelemetrySpan = Object.freeze({
  setAttribute() {},
  recordError() {},
  end() {},
  identity: () => undefined,
});

/**
 * The default {@link Telemetry}: records nothing, costs nothing.
 *
 * @example
 * ```ts
 * const service = new LeadImporter({ telemetry: noopTelemetry });
 * ```
 */
export const noopTelemetry: Telemetry = Object.freeze({
  counter: () => noopInstrument,
  histogram: () => noopInstrument,
  gauge: () => noopInstrument,
  startSpan: () => noopSpan,
  withSpan: <T>(_span: TelemetrySpan, fn: () => T): T => fn(),
});
