import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';

// A client of the standard health service: the suite's launcher waits on it, and so do the tests.

const options: protoLoader.Options = { keepCase: false, longs: String, enums: String, defaults: true, oneofs: true };

/** The client constructor of `name` (package-qualified) in a .proto file, loaded as the kit's clients load it. */
export const serviceClientConstructor = (file: string, name: string): grpc.ServiceClientConstructor => {
  let node: unknown = grpc.loadPackageDefinition(protoLoader.loadSync(file, options));
  for (const part of name.split('.')) node = (node as Record<string, unknown>)[part];
  return node as grpc.ServiceClientConstructor;
};

/** grpc.health.v1.Health/Check: 'SERVING' | 'NOT_SERVING' | 'UNKNOWN' (rejects with NOT_FOUND for unknown services). */
export const checkHealth = (address: string, service = ''): Promise<string> => {
  const Health = serviceClientConstructor(healthProtoPath, 'grpc.health.v1.Health');
  const client = new Health(address, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => {
    const check = (
      client as unknown as Record<
        string,
        (req: object, opts: grpc.CallOptions, cb: (e: Error | null, r?: { status: string }) => void) => void
      >
    ).check;
    check?.call(client, { service }, { deadline: Date.now() + 5000 }, (err, res) => {
      client.close();
      if (err) reject(err);
      else resolve(res?.status ?? 'UNKNOWN');
    });
  });
};
