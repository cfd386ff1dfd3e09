// A tiny HTTP listener that serves only GET /metrics (and HEAD). Plain node:http: it
// has one route, and must keep answering while the REST API is busy or absent.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { renderMetrics } from './registry';

export interface MetricsListener {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface MetricsListenerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export function startMetricsListener(
  registry: Registry,
  where: { host: string; port: number },
  log: MetricsListenerLog,
): Promise<MetricsListener> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    renderMetrics(registry).then(
      ({ contentType, body }) => {
        res.writeHead(200, { 'content-type': contentType });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (err: unknown) => {
        // A collector that throws must cost one scrape, not the process.
        log.warn({ err }, 'metrics: rendering failed');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics collection failed\n');
      },
    );
  });
  // Scrapes are short; idle keep-alive sockets must not hold the process open at stop.
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(where.port, where.host, () => {
      server.off('error', reject);
      const addr = server.address() as AddressInfo;
      log.info({ host: addr.address, port: addr.port }, 'metrics listening');
      resolve({
        host: addr.address,
        port: addr.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
