import { loadOpenTelemetry } from '../infra/opentelemetry/load-open-telemetry.js';
import {
  OpenTelemetryAdapter,
  type OpenTelemetryAdapterOptions,
} from '../infra/opentelemetry/open-telemetry-adapter.js';
import type { OpenTelemetryApi } from '../infra/opentelemetry/open-telemetry-api.js';
import { setTelemetry } from '../shared/telemetry/global-telemetry.js';
import { warnDeprecated } from './warn-deprecated.js';

/** Options of {@link setupObservability}, in carpeta_common's terms. */
export interface SetupObservabilityOptions
  extends Omit<OpenTelemetryAdapterOptions, 'instrumentationName' | 'instrumentationVersion'> {
  readonly serviceName: string;
  readonly serviceVersion?: string;
  /** `@opentelemetry/api` itself; default: imported on this call (an optional peer). */
  readonly api?: OpenTelemetryApi;
}

/**
 * @deprecated Use `setTelemetry(await loadOpenTelemetry({ instrumentationName }))` with
 * `loadOpenTelemetry` from `@baltra/sdk/opentelemetry`. carpeta_common's
 * `setup_observability()`: installs the SDK's telemetry on the globally registered
 * OpenTelemetry providers and resolves with it. Registering providers and exporters (OTLP,
 * console) and auto-instrumentation stay with the service's OpenTelemetry SDK set-up.
 * `@opentelemetry/api` is loaded on this call, not when `@baltra/sdk/legacy` is imported;
 * when it is missing the call rejects with `MissingPeerDependencyError`.
 *
 * @example
 * ```ts
 * const telemetry = await setupObservability({ serviceName: 'gateway', serviceVersion: '1.0.0' }); // warns once: BALTRA_DEP011
 * telemetry.counter('documents_signed_total').add(1);
 * ```
 */
export async function setupObservability(
  options: SetupObservabilityOptions,
): Promise<OpenTelemetryAdapter> {
  warnDeprecated(
    'BALTRA_DEP011',
    'setupObservability()',
    'setTelemetry(await loadOpenTelemetry()) with @baltra/sdk/opentelemetry',
  );
  const { serviceName, serviceVersion, api, ...rest } = options;
  const adapterOptions: OpenTelemetryAdapterOptions = {
    ...rest,
    instrumentationName: serviceName,
    ...(serviceVersion !== undefined && { instrumentationVersion: serviceVersion }),
  };
  const telemetry =
    api === undefined
      ? await loadOpenTelemetry(adapterOptions)
      : new OpenTelemetryAdapter(api, adapterOptions);
  setTelemetry(telemetry);
  return telemetry;
}
