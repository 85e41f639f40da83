import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/** Serves an express app on a free local port for a test; `get` returns status and parsed JSON. */
export const serve = async (app: Express) => {
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    get: async <T = Record<string, unknown>>(
      path: string,
    ): Promise<{ status: number; body: T; contentType: string }> => {
      const response = await fetch(base + path);
      return {
        status: response.status,
        body: (await response.json()) as T,
        contentType: response.headers.get('content-type') ?? '',
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
