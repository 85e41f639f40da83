import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { status } from '@grpc/grpc-js';

export type KitMetrics = {
  readonly registry: Registry;
  readonly observe: (service: string, method: string, code: status, seconds: number) => void;
};

/** Names follow go-grpc-prometheus, so existing dashboards and alerts work unchanged. */
export const createKitMetrics = (
  options: { readonly defaultMetrics?: boolean; readonly inflight?: () => number } = {},
): KitMetrics => {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const inflight = options.inflight;
  if (inflight) {
    // Read at scrape time: what a drain would wait for right now.
    new Gauge({
      name: 'grpc_server_inflight_calls',
      help: 'RPCs the server has received and not yet answered.',
      registers: [registry],
      collect() {
        this.set(inflight());
      },
    });
  }
  const handled = new Counter({
    name: 'grpc_server_handled_total',
    help: 'RPCs completed on the server, by method and status code.',
    labelNames: ['grpc_service', 'grpc_method', 'grpc_code'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'grpc_server_handling_seconds',
    help: 'Time from receiving an RPC to sending its status, by method and status code.',
    labelNames: ['grpc_service', 'grpc_method', 'grpc_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    registry,
    observe: (service, method, code, seconds) => {
      const labels = { grpc_service: service, grpc_method: method, grpc_code: status[code] ?? String(code) };
      handled.inc(labels);
      latency.observe(labels, seconds);
    },
  };
};
