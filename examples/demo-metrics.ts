/**
 * The demo worker's metrics (issue #13): with `BALTRA_METRICS_PORT` set or `--metrics-port`,
 * the process-wide telemetry becomes a PrometheusTelemetry, the queue depths (the demo's
 * queues and their dead-letter queues) and the outbox are read at every scrape, and a
 * standalone metrics server answers on `/metrics` (host `BALTRA_METRICS_HOST`, default
 * 0.0.0.0). Without either, nothing here runs and the demo behaves as before.
 */
import { type MessageQueue, setTelemetry } from '@baltra/sdk';
import type { BaltraApp } from '@baltra/sdk/container';
import { TOKENS } from '@baltra/sdk/container';
import {
  loadPrometheusTelemetry,
  type MetricsServer,
  outboxCollector,
  type PrometheusTelemetry,
  type QueueWithDepth,
  queueDepthCollector,
  startMetricsServer,
} from '@baltra/sdk/prometheus';

export interface DemoMetrics {
  readonly telemetry: PrometheusTelemetry;
  readonly server: MetricsServer;
  /** Reads the depths of these queues (and their dead-letter queues) at every scrape. */
  watch(queues: readonly { name: string; deadLetterQueue: string }[]): void;
}

/** Starts the metrics when asked to (`--metrics-port` wins over `BALTRA_METRICS_PORT`). */
export async function startDemoMetrics(
  app: BaltraApp,
  queue: MessageQueue,
  flag: string | undefined,
): Promise<DemoMetrics | undefined> {
  const port = flag ?? process.env.BALTRA_METRICS_PORT;
  if (port === undefined || port === '') return undefined;
  const telemetry = await loadPrometheusTelemetry();
  setTelemetry(telemetry);
  if (app.database !== 'memory') telemetry.addCollector(outboxCollector(app.get(TOKENS.Database)));
  const server = await startMetricsServer(telemetry, { port: Number(port) });
  return {
    telemetry,
    server,
    watch(queues) {
      // The in-memory and Redis queues tell their depth; a queue that cannot is not watched.
      if (hasDepth(queue)) telemetry.addCollector(queueDepthCollector({ depth: queue, queues }));
    },
  };
}

/** Keeps serving the metrics until Ctrl-C (or SIGTERM), then closes the server. */
export async function serveUntilInterrupted(metrics: DemoMetrics): Promise<void> {
  console.log(`\nMetrics at ${metrics.server.url} — Ctrl-C to stop.`);
  await new Promise<void>((resolve) => {
    const alive = setInterval(() => {}, 60_000);
    const stop = () => {
      clearInterval(alive);
      resolve();
    };
    process.once('SIGINT', stop).once('SIGTERM', stop);
  });
  await metrics.server.close();
}

function hasDepth(queue: MessageQueue): queue is MessageQueue & QueueWithDepth {
  return typeof (queue as { depth?: unknown }).depth === 'function';
}
