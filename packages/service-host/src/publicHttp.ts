import * as http from 'node:http';
import express, { type Express } from 'express';

export type PublicHttp = { readonly port: number; close(): Promise<void> };

/** The service's own public HTTP API (catalog HSDS, dashboards) on its own port, apart from the probes. */
export const startPublicHttp = (mount: (app: Express) => void, port: number, host: string): Promise<PublicHttp> => {
  const app = express();
  app.disable('x-powered-by');
  mount(app);
  return new Promise((resolve, reject) => {
    const server = http.createServer(app);
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Idle keep-alive sockets would hold close() open; requests in progress still finish.
            server.closeIdleConnections();
          }),
      });
    });
  });
};
