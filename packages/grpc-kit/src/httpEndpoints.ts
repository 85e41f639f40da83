import * as http from 'node:http';
import express from 'express';
import type { Registry } from 'prom-client';
import type { ReadinessCheck } from './types';

export type HttpEndpoints = {
  readonly listen: (port: number, host: string) => Promise<number>;
  readonly close: () => Promise<void>;
};

/** /livez (the process answers), /readyz (started, not draining, every registered check passes), /metrics. */
export const createHttpEndpoints = (deps: {
  readonly registry: Registry;
  readonly isReady: () => boolean;
  readonly checks: ReadonlyMap<string, ReadinessCheck>;
}): HttpEndpoints => {
  const app = express();
  app.disable('x-powered-by');
  app.get('/livez', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const results: Record<string, boolean> = {};
    for (const [name, check] of deps.checks) {
      try {
        results[name] = await check();
      } catch {
        results[name] = false;
      }
    }
    const ready = deps.isReady() && Object.values(results).every(Boolean);
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not ready', serving: deps.isReady(), checks: results });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(deps.registry.contentType).send(await deps.registry.metrics());
  });
  let server: http.Server | undefined;
  return {
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        const s = http.createServer(app);
        s.once('error', reject);
        s.listen(port, host, () => {
          server = s;
          const address = s.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        if (!server) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
