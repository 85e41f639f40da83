import * as http from 'node:http';
import * as https from 'node:https';
import * as querystring from 'node:querystring';
import type { Duplex } from 'node:stream';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import {
  declarationOf,
  DEFAULT_PUBLIC_MAX_AGE_SECONDS,
  PUBLIC_MAX_AGE_SETTING,
  sendError,
  type ParamKinds,
  type RouteDeclaration,
} from './publicParams';
import { publicTlsPair, type PublicHttpTls } from './publicHttpTls';

/** One route of a public app, as the host found it on the app's router. */
export type PublicRouteInfo = {
  /** Upper case: GET, POST ... (HEAD is implied by GET). */
  readonly methods: readonly string[];
  /** The full path pattern, e.g. `/v1/admin/lag/:model`. */
  readonly path: string;
  readonly declaration: RouteDeclaration<ParamKinds>;
};

export type PublicHttpOptions = {
  /** max-age of the routes declared 'public' (HostConfig.publicHttpCacheSeconds; 60 by default). */
  readonly publicMaxAgeSeconds?: number;
  /** Serve HTTPS from these files (reloaded when they change); plain HTTP behind an ingress otherwise. */
  readonly tls?: PublicHttpTls;
  /** Told when renewed TLS files could not be loaded (the pair in use is kept). */
  readonly onTlsReloadError?: (err: Error) => void;
};

export type PublicHttp = {
  readonly port: number;
  /** Every route the service mounted, with what it declares. */
  readonly routes: readonly PublicRouteInfo[];
  close(): Promise<void>;
};

/**
 * Largest request head the public server reads. Node's default (16 KB) answers a longer query with a bare 431
 * before any route sees it; this lets an oversized parameter reach its declaration and get a JSON 400 naming
 * it. A gateway in front may well cap lower.
 */
const MAX_REQUEST_HEAD_BYTES = 2 * 1024 * 1024;

type Layer = {
  readonly name: string;
  readonly rawPath?: unknown;
  readonly handle: unknown;
  readonly route?: { readonly path: unknown; readonly methods: Record<string, boolean>; readonly stack: Layer[] };
  match(path: string): false | { readonly path: string };
};

const stackOf = (handle: unknown): Layer[] | undefined => {
  const stack = (handle as { stack?: unknown } | undefined)?.stack;
  return typeof handle === 'function' && Array.isArray(stack) ? (stack as Layer[]) : undefined;
};

const methodsOf = (methods: Record<string, boolean>): string[] =>
  Object.keys(methods)
    .filter((m) => methods[m])
    .map((m) => (m === '_all' ? 'ALL' : m.toUpperCase()));

const joinPath = (prefix: string, path: string): string =>
  prefix.replace(/\/$/, '') + (path === '/' && prefix ? '' : path) || '/';

const pathsOf = (raw: unknown, where: string): string[] => {
  const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  if (list.some((p) => typeof p !== 'string'))
    throw new Error(`public HTTP: ${where} is mounted on a non-string path; the host cannot list its routes`);
  return list as string[];
};

const walk = (stack: readonly Layer[], prefix: string, into: PublicRouteInfo[]): void => {
  for (const layer of stack) {
    if (layer.route) {
      const methods = methodsOf(layer.route.methods);
      for (const path of pathsOf(layer.route.path, `a route under ${prefix || '/'}`)) {
        const full = joinPath(prefix, path);
        const declaration = layer.route.stack.map((l) => declarationOf(l.handle)).find((d) => d !== undefined);
        if (!declaration)
          throw new Error(
            `public HTTP: ${methods.join(',')} ${full} declares no query parameters or cache policy; ` +
              'serve it through publicRoute({ cache, query }, handler) from @carebridge/service-host',
          );
        into.push({ methods, path: full, declaration });
      }
      continue;
    }
    if (layer.name === 'mounted_app')
      throw new Error(
        `public HTTP: an express app is mounted under ${prefix || '/'}; mount an express.Router so the host sees its routes`,
      );
    const inner = stackOf(layer.handle);
    if (inner) for (const path of pathsOf(layer.rawPath, 'a router')) walk(inner, joinPath(prefix, path), into);
  }
};

/** Every route mounted on the app (through routers at any depth), with its declaration; throws on an undeclared one. */
export const publicRoutesOf = (app: Express): PublicRouteInfo[] => {
  const routes: PublicRouteInfo[] = [];
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '', routes);
  return routes;
};

/** The methods the routes matching this path serve (by the router's own matching), upper case. */
const allowedMethods = (stack: readonly Layer[], path: string, into = new Set<string>()): Set<string> => {
  for (const layer of stack) {
    const matched = layer.match(path);
    if (!matched) continue;
    if (layer.route) methodsOf(layer.route.methods).forEach((m) => into.add(m));
    else {
      const inner = stackOf(layer.handle);
      if (inner) allowedMethods(inner, path.slice(matched.path.length) || '/', into);
    }
  }
  return into;
};

/**
 * The public app every service's runtime.http is mounted on, with the one hygiene for all of them:
 * - query strings parsed flat (node:querystring): `organization_id[$ne]=x` stays the key `organization_id[$ne]`
 *   and is refused as unknown, never turned into an object a store could read as an operator; `a=1&a=2` is a
 *   list, refused where one value is expected; no limit on the number of keys, so none is dropped unseen;
 * - every response carries `X-Content-Type-Options: nosniff` and `Cache-Control: no-store` unless its route
 *   declares itself public (publicRoute sets `public, max-age=<publicMaxAgeSeconds>` on success);
 * - a path no route serves: 404; a method the path's routes do not serve: 405 with Allow; OPTIONS: 204 with
 *   Allow; an error: 500 (or the 4xx express set), all as `{ error: { code, message } }`.
 * mount must register express.Routers or routes, each handler a publicRoute; the host refuses anything else.
 */
export const createPublicHttpApp = (mount: (app: Express) => void, options: PublicHttpOptions = {}): Express => {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', (query: string) => querystring.parse(query, '&', '=', { maxKeys: 0 }));
  app.set(PUBLIC_MAX_AGE_SETTING, options.publicMaxAgeSeconds ?? DEFAULT_PUBLIC_MAX_AGE_SECONDS);
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  mount(app);
  const routerStack = (app as unknown as { router: { stack: Layer[] } }).router.stack;
  const mounted = routerStack.length;
  publicRoutesOf(app);
  app.use((req: Request, res: Response) => {
    const allowed = allowedMethods(routerStack.slice(0, mounted), req.path);
    if (allowed.has('GET')) allowed.add('HEAD');
    if (allowed.size === 0 || allowed.has(req.method) || allowed.has('ALL'))
      return sendError(res, 404, 'no such resource');
    const allow = [...allowed, 'OPTIONS'].sort().join(', ');
    res.setHeader('Allow', allow);
    if (req.method === 'OPTIONS') return void res.status(204).end();
    sendError(res, 405, `${req.method} is not served here; allowed: ${allow}`);
  });
  // Details stay in the server's logs: a public API answers strangers.

  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: unknown } | undefined)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) return sendError(res, status, 'bad request');
    sendError(res, 500, 'internal error');
  });
  return app;
};

/** A request the HTTP parser refuses (head too large, malformed) still gets the headers and a JSON body. */
const answerClientError = (error: Error & { code?: string }, socket: Duplex): void => {
  if (!socket.writable) return void socket.destroy();
  const code = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify({
    error: { code, message: code === 431 ? 'request head too large' : 'malformed request' },
  });
  socket.end(
    `HTTP/1.1 ${code} ${http.STATUS_CODES[code]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
};

/** The service's own public HTTP API (catalog HSDS, dashboards) on its own port, apart from the probes. */
export const startPublicHttp = (
  mount: (app: Express) => void,
  port: number,
  host: string,
  options: PublicHttpOptions = {},
): Promise<PublicHttp> => {
  const app = createPublicHttpApp(mount, options);
  const routes = publicRoutesOf(app);
  const tls = options.tls ? publicTlsPair(options.tls) : undefined;
  return new Promise((resolve, reject) => {
    let stopReload: (() => void) | undefined;
    let server: http.Server;
    if (tls) {
      const secure = https.createServer({ maxHeaderSize: MAX_REQUEST_HEAD_BYTES, ...tls.first }, (req, res) => {
        // Served over TLS itself: browsers are told to keep to HTTPS for this host.
        res.setHeader('Strict-Transport-Security', 'max-age=31536000');
        void app(req, res);
      });
      stopReload = tls.watch(secure, options.onTlsReloadError ?? (() => undefined));
      server = secure;
    } else {
      server = http.createServer({ maxHeaderSize: MAX_REQUEST_HEAD_BYTES }, app);
    }
    server.on('clientError', answerClientError);
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : port,
        routes,
        close: () =>
          new Promise<void>((done) => {
            stopReload?.();
            server.close(() => done());
            // Idle keep-alive sockets would hold close() open; requests in progress still finish.
            server.closeIdleConnections();
          }),
      });
    });
  });
};
