import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';

/** One span as the collector received it over OTLP/HTTP JSON (ids in hex, kind as the OTLP number). */
export type CollectedSpan = {
  readonly service: string;
  readonly scope: string;
  readonly name: string;
  readonly kind: number;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
  readonly statusCode: number;
};

/** OTLP span kinds (opentelemetry-proto trace.proto). */
export const OtlpKind = { INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;

type AnyValue = { stringValue?: string; intValue?: number | string; doubleValue?: number; boolValue?: boolean };
type KeyValue = { key: string; value: AnyValue };
type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: KeyValue[];
  status?: { code?: number };
};
type ExportRequest = {
  resourceSpans?: {
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: { scope?: { name?: string }; spans?: OtlpSpan[] }[];
  }[];
};

const valueOf = (v: AnyValue): string | number | boolean =>
  v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : undefined) ?? v.doubleValue ?? v.boolValue ?? '';

const attributesOf = (list: readonly KeyValue[] = []): Record<string, string | number | boolean> =>
  Object.fromEntries(list.map((kv) => [kv.key, valueOf(kv.value)]));

const flatten = (body: ExportRequest): CollectedSpan[] =>
  (body.resourceSpans ?? []).flatMap((rs) => {
    const service = String(attributesOf(rs.resource?.attributes)['service.name'] ?? '');
    return (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((s) => ({
        service,
        scope: ss.scope?.name ?? '',
        name: s.name,
        kind: s.kind,
        traceId: s.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId === '' ? undefined : s.parentSpanId,
        attributes: attributesOf(s.attributes),
        statusCode: s.status?.code ?? 0,
      })),
    );
  });

export type OtlpCollector = {
  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/traces). */
  readonly endpoint: string;
  readonly spans: () => readonly CollectedSpan[];
  /** Every export request body as received, to check what never left the process. */
  readonly rawBodies: () => readonly string[];
  readonly close: () => Promise<void>;
};

/** A minimal OTLP/HTTP trace receiver: accepts the JSON encoding the OTLP/HTTP exporter sends. */
export const startOtlpCollector = async (): Promise<OtlpCollector> => {
  const spans: CollectedSpan[] = [];
  const bodies: string[] = [];
  const app = express();
  app.post('/v1/traces', express.text({ type: '*/*', limit: '20mb' }), (req, res) => {
    if (!String(req.headers['content-type']).startsWith('application/json')) {
      res.status(415).json({ message: 'this collector reads the OTLP JSON encoding only' });
      return;
    }
    const raw = String(req.body);
    bodies.push(raw);
    spans.push(...flatten(JSON.parse(raw) as ExportRequest));
    res.json({ partialSuccess: {} });
  });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans: () => spans,
    rawBodies: () => bodies,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
};
