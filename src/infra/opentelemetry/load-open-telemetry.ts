import type * as OtelApi from '@opentelemetry/api';
import { loadOptionalPeer } from '../peer/load-optional-peer.js';
import {
  OpenTelemetryAdapter,
  type OpenTelemetryAdapterOptions,
} from './open-telemetry-adapter.js';

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
  // Typed as the module itself, so the compiler holds it to the slice the adapter declares.
  const api = await loadOptionalPeer<typeof OtelApi>(
    '@opentelemetry/api',
    'OpenTelemetry traces and metrics',
    '@baltra/sdk/opentelemetry',
  );
  return new OpenTelemetryAdapter(api, options);
}
