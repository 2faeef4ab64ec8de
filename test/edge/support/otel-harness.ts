import { AsyncLocalStorage } from 'node:async_hooks';
import * as api from '@opentelemetry/api';
import {
  type DataPoint,
  type Histogram,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** An OpenTelemetry context manager on AsyncLocalStorage (what the Node SDK installs). */
class AsyncLocalContextManager implements api.ContextManager {
  readonly #storage = new AsyncLocalStorage<api.Context>();

  active(): api.Context {
    return this.#storage.getStore() ?? api.ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: api.Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.#storage.run(context, () => fn.apply(thisArg, args));
  }

  bind<T>(_context: api.Context, target: T): T {
    return target;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.#storage.disable();
    return this;
  }
}

/** A pull reader: metrics are collected on demand, no timer. */
class PullReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

/** One exported metric: name, unit, and its data points. */
export interface ExportedMetric {
  readonly name: string;
  readonly unit: string;
  readonly points: readonly DataPoint<number | Histogram>[];
}

/** The OpenTelemetry SDK with in-memory exporters, registered globally. */
export interface OtelHarness {
  readonly exporter: InMemorySpanExporter;
  readonly tracerProvider: BasicTracerProvider;
  readonly meterProvider: MeterProvider;
  spans(): ReadableSpan[];
  metrics(): Promise<ExportedMetric[]>;
  shutdown(): Promise<void>;
}

export function startOtel(): OtelHarness {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const reader = new PullReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  api.context.setGlobalContextManager(new AsyncLocalContextManager());
  api.trace.setGlobalTracerProvider(tracerProvider);
  api.metrics.setGlobalMeterProvider(meterProvider);
  return {
    exporter,
    tracerProvider,
    meterProvider,
    spans: () => exporter.getFinishedSpans(),
    async metrics() {
      const { resourceMetrics } = await reader.collect();
      return resourceMetrics.scopeMetrics.flatMap((scope) =>
        scope.metrics.map((metric) => ({
          name: metric.descriptor.name,
          unit: metric.descriptor.unit,
          points: metric.dataPoints as DataPoint<number | Histogram>[],
        })),
      );
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      api.trace.disable();
      api.metrics.disable();
      api.context.disable();
    },
  };
}
