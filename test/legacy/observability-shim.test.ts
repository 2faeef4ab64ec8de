import { getTelemetry, resetTelemetry, setTelemetry } from '@baltra/sdk';
import { setupObservability } from '@baltra/sdk/legacy';
import { loadOpenTelemetry, OpenTelemetryAdapter } from '@baltra/sdk/opentelemetry';
import * as api from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { onlyWarning, useDeprecationSpy } from './support/deprecation-spy.js';

describe('legacy setupObservability', () => {
  const deprecations = useDeprecationSpy();
  afterEach(() => resetTelemetry());

  it('installs what setTelemetry(await loadOpenTelemetry()) installs, and warns once', async () => {
    // Act
    const legacy = await setupObservability({ serviceName: 'gateway', serviceVersion: '1.0.0' });
    const installed = getTelemetry();
    await setupObservability({ serviceName: 'gateway' });
    const current = await loadOpenTelemetry({
      instrumentationName: 'gateway',
      instrumentationVersion: '1.0.0',
    });
    setTelemetry(current);

    // Assess
    expect(installed).toBe(legacy);
    expect(legacy).toBeInstanceOf(OpenTelemetryAdapter);
    expect(legacy.constructor).toBe(current.constructor);
    const span = legacy.startSpan('hub.call', { kind: 'client' });
    expect(() => span.end()).not.toThrow();
    const warning = onlyWarning(deprecations, 'BALTRA_DEP011');
    expect(warning.message).toContain('setupObservability()');
    expect(warning.message).toContain('loadOpenTelemetry()');
  });

  it('uses the OpenTelemetry API and tracer passed in; spans reach its exporter sanitised', async () => {
    // Prepare
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });

    // Act
    const telemetry = await setupObservability({
      serviceName: 'gateway',
      api,
      tracer: provider.getTracer('gateway'),
    });
    const span = getTelemetry().startSpan('hub.call', { attributes: { email: 'ana@example.com' } });
    span.end();

    // Assess
    expect(getTelemetry()).toBe(telemetry);
    const [finished] = exporter.getFinishedSpans();
    expect(finished?.name).toBe('hub.call');
    expect(finished?.attributes.email).toBe('***e.com');
  });
});
