import { loadOptionalPeer } from '../peer/load-optional-peer.js';
import {
  OpenTelemetryAdapter,
  type OpenTelemetryAdapterOptions,
} from './open-telemetry-adapter.js';
import type { OpenTelemetryApi } from './open-telemetry-api.js';

/**
 * Imports `@opentelemetry/api` (an optional peer: a missing package is a
 * `MissingPeerDependencyError` naming it) and returns an {@link OpenTelemetryAdapter} on the
 * globally registered tracer and meter providers — or on the `tracer`/`meter` given.
 *
 * @example
 * ```ts
 * import { setTelemetry } from '@baltra/sdk';
 * import { loadOpenTelemetry } from '@baltra/sdk/opentelemetry';
 *
 * setTelemetry(await loadOpenTelemetry({ instrumentationName: 'candidates-api' }));
 * ```
 */
export async function loadOpenTelemetry(
  options: OpenTelemetryAdapterOptions = {},
): Promise<OpenTelemetryAdapter> {
  const api = await loadOptionalPeer<OpenTelemetryApi>(
    '@opentelemetry/api',
    'OpenTelemetry traces and metrics',
    '@baltra/sdk/opentelemetry',
  );
  return new OpenTelemetryAdapter(api, options);
}
