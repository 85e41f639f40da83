import * as grpc from '@grpc/grpc-js';
import { loadGrpcObject } from '@carebridge/proto';
import { decodeStatusDetailsBuffer, STATUS_DETAILS_KEY, type StatusDetails } from '../statusDetails';

export type CallOptions = {
  readonly token?: string;
  readonly idempotencyKey?: string;
  /** Milliseconds from now. */
  readonly deadlineMs?: number;
  readonly metadata?: Readonly<Record<string, string>>;
};

export type TestClient = {
  readonly call: <TResponse = unknown>(method: string, request: object, options?: CallOptions) => Promise<TResponse>;
  readonly client: grpc.Client;
  readonly close: () => void;
};

type UnaryFn = (
  request: object,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  cb: (err: grpc.ServiceError | null, res: unknown) => void,
) => void;

/** A promise-based client for one service, e.g. `createTestClient({ address, protoFiles, service: 'carebridge.relief.v1.ReliefIntake', token })`. */
export const createTestClient = (options: {
  readonly address: string;
  readonly protoFiles: readonly string[];
  readonly service: string;
  readonly token?: string;
}): TestClient => {
  let node: unknown = loadGrpcObject(options.protoFiles);
  for (const part of options.service.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'function')
    throw new Error(`service ${options.service} not found in ${options.protoFiles.join(', ')}`);
  const Ctor = node as grpc.ServiceClientConstructor;
  const client = new Ctor(options.address, grpc.credentials.createInsecure());
  return {
    client,
    close: () => client.close(),
    call: (method, request, call = {}) =>
      new Promise((resolve, reject) => {
        const metadata = new grpc.Metadata();
        const token = call.token ?? options.token;
        if (token) metadata.set('authorization', `Bearer ${token}`);
        if (call.idempotencyKey) metadata.set('idempotency-key', call.idempotencyKey);
        for (const [k, v] of Object.entries(call.metadata ?? {})) metadata.set(k, v);
        const fn = (client as unknown as Record<string, UnaryFn | undefined>)[method];
        if (typeof fn !== 'function') return reject(new Error(`${options.service} has no method ${method}`));
        const deadline = call.deadlineMs === undefined ? Infinity : Date.now() + call.deadlineMs;
        fn.call(client, request, metadata, { deadline }, (err, res) => (err ? reject(err) : resolve(res as never)));
      }),
  };
};

/** The google.rpc.Status a failed call carried (field violations, ErrorInfo); undefined when it carried none. */
export const decodeStatusDetails = (err: unknown): StatusDetails | undefined => {
  const metadata = (err as { metadata?: unknown }).metadata;
  if (!(metadata instanceof grpc.Metadata)) return undefined;
  const raw = metadata.get(STATUS_DETAILS_KEY)[0];
  return raw instanceof Buffer ? decodeStatusDetailsBuffer(raw) : undefined;
};
