import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getLogger } from '../../shared/logging/configure-logging.js';
import type { Logger } from '../../shared/logging/logger.js';
import type { MetricsSource } from '../../shared/telemetry/metrics-source.js';
import { writeMetrics } from '../../shared/telemetry/write-metrics.js';
import { readMetricsSettings } from './metrics-settings.js';

/** Options of {@link startMetricsServer}; each unset one comes from the metrics settings. */
export interface MetricsServerOptions {
  /** Default `BALTRA_METRICS_PORT` (9464); 0 picks a free port. */
  readonly port?: number;
  /** Default `BALTRA_METRICS_HOST` (`0.0.0.0`). */
  readonly host?: string;
  /** Default `BALTRA_METRICS_PATH` (`/metrics`). */
  readonly path?: string;
  /** Default `getLogger()`. */
  readonly logger?: Logger;
}

/** A running metrics server. */
export interface MetricsServer {
  /** The address it listens on, as bound (the real port when 0 was asked). */
  readonly host: string;
  readonly port: number;
  /** `http://host:port/path` (with `127.0.0.1` for a server on every interface). */
  readonly url: string;
  /** Stops listening and closes open connections; resolves when closed. */
  close(): Promise<void>;
}

/**
 * Serves a {@link MetricsSource} (a `PrometheusTelemetry`, a prom-client `Registry`) on a
 * `node:http` server of its own, for workers and other processes without an HTTP edge:
 * `GET` (or `HEAD`) on the path answers the scrape, any other path 404, any other method 405.
 * The server does not keep the process alive (`unref`), and a failed scrape answers 500 and is
 * logged. Port, host and path come from `BALTRA_METRICS_PORT` (9464), `BALTRA_METRICS_HOST`
 * (`0.0.0.0`) and `BALTRA_METRICS_PATH` (`/metrics`) unless given.
 *
 * @example
 * ```ts
 * const server = await startMetricsServer(telemetry, { port: 9464 });
 * process.once('SIGTERM', () => void server.close());
 * ```
 */
export async function startMetricsServer(
  source: MetricsSource,
  options: MetricsServerOptions = {},
): Promise<MetricsServer> {
  const needsSettings =
    options.port === undefined || options.host === undefined || options.path === undefined;
  const settings = needsSettings ? readMetricsSettings().get() : undefined;
  const port = options.port ?? settings?.metricsPort ?? 9464;
  const host = options.host ?? settings?.metricsHost ?? '0.0.0.0';
  const path = options.path ?? settings?.metricsPath ?? '/metrics';
  const logger = () => options.logger ?? getLogger();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://metrics');
    if (url.pathname !== path) {
      res.statusCode = 404;
      res.end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.statusCode = 405;
      res.setHeader('allow', 'GET, HEAD');
      res.end();
      return;
    }
    void writeMetrics(source, res, logger(), req.method === 'HEAD');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.unref();
  const address = server.address() as AddressInfo;
  const shown =
    address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  const urlHost = shown.includes(':') ? `[${shown}]` : shown;
  let closing: Promise<void> | undefined;
  return {
    host: address.address,
    port: address.port,
    url: `http://${urlHost}:${address.port}${path}`,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
