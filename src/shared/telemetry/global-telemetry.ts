import { noopTelemetry } from './noop-telemetry.js';
import type { Telemetry } from './telemetry.js';

let current: Telemetry = noopTelemetry;

/**
 * The process-wide {@link Telemetry} used by the SDK when none is passed explicitly: the
 * no-op one until {@link setTelemetry} is called.
 *
 * @example
 * ```ts
 * getTelemetry().counter(METRICS.cacheMissesTotal.name).add(1, { cache: 'vacancies' });
 * ```
 */
export function getTelemetry(): Telemetry {
  return current;
}

/**
 * Installs the process-wide {@link Telemetry} (call once at start-up).
 *
 * @example
 * ```ts
 * setTelemetry(await loadOpenTelemetry({ instrumentationName: 'lead-ingestion' }));
 * ```
 */
export function setTelemetry(telemetry: Telemetry): void {
  current = telemetry;
}

/**
 * Restores the no-op telemetry (for tests).
 *
 * @example
 * ```ts
 * afterEach(() => resetTelemetry());
 * ```
 */
export function resetTelemetry(): void {
  current = noopTelemetry;
}
