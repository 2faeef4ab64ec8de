import { loadPromClient } from './load-prom-client.js';
import { readMetricsSettings } from './metrics-settings.js';
import type { PromClientModule } from './prom-client-slice.js';
import { PrometheusTelemetry, type PrometheusTelemetryOptions } from './prometheus-telemetry.js';

/**
 * Imports `prom-client` (an optional peer: a missing package is a `MissingPeerDependencyError`
 * naming it and its install command) and returns a {@link PrometheusTelemetry} on a registry
 * of its own (or the `registry` given). Without a `tenantLabels` option, tenant labels follow
 * `BALTRA_METRICS_TENANT_LABELS` and `BALTRA_METRICS_TENANT_LABELS_MAX_VALUES` (default: off).
 *
 * @example
 * ```ts
 * import { setTelemetry } from '@baltra/sdk';
 * import { loadPrometheusTelemetry, startMetricsServer } from '@baltra/sdk/prometheus';
 *
 * const telemetry = await loadPrometheusTelemetry();
 * setTelemetry(telemetry);
 * const server = await startMetricsServer(telemetry); // BALTRA_METRICS_PORT, default 9464
 * ```
 */
export async function loadPrometheusTelemetry(
  options: PrometheusTelemetryOptions = {},
): Promise<PrometheusTelemetry> {
  // Typed as the module itself, so the compiler holds it to the slice the exporter declares.
  const promClient: PromClientModule = await loadPromClient();
  if (options.tenantLabels !== undefined) return new PrometheusTelemetry(promClient, options);
  const settings = readMetricsSettings().get();
  return new PrometheusTelemetry(promClient, {
    ...options,
    tenantLabels: {
      enabled: settings.metricsTenantLabels,
      maxValues: settings.metricsTenantLabelsMaxValues,
    },
  });
}
