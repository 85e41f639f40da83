import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';

const options: protoLoader.Options = { keepCase: false, longs: String, enums: String, defaults: true, oneofs: true };

type Ctor = grpc.ServiceClientConstructor;
const serviceCtor = (file: string, name: string): Ctor => {
  let node: unknown = grpc.loadPackageDefinition(protoLoader.loadSync(file, options));
  for (const part of name.split('.')) node = (node as Record<string, unknown>)[part];
  return node as Ctor;
};

/** grpc.health.v1.Health/Check: 'SERVING' | 'NOT_SERVING' | 'UNKNOWN' (rejects with NOT_FOUND for unknown services). */
export const checkHealth = (address: string, service = ''): Promise<string> => {
  const Health = serviceCtor(healthProtoPath, 'grpc.health.v1.Health');
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

const reflectionProto = path.join(
  path.dirname(require.resolve('@grpc/reflection')),
  '..',
  'proto',
  'grpc',
  'reflection',
  'v1',
  'reflection.proto',
);

type ReflectionResponse = {
  listServicesResponse?: { service: { name: string }[] };
  fileDescriptorResponse?: { fileDescriptorProto: Buffer[] };
  errorResponse?: { errorCode: number; errorMessage: string };
};

/** One request over grpc.reflection.v1.ServerReflection, the way grpcurl asks: the answer as proto-loader decodes it. */
export const askReflection = (
  address: string,
  request: { listServices: string } | { fileContainingSymbol: string },
): Promise<ReflectionResponse> => {
  const Reflection = serviceCtor(reflectionProto, 'grpc.reflection.v1.ServerReflection');
  const client = new Reflection(address, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => {
    const open = (client as unknown as Record<string, () => grpc.ClientDuplexStream<object, ReflectionResponse>>)
      .serverReflectionInfo;
    if (!open) return reject(new Error('reflection client has no serverReflectionInfo'));
    const stream = open.call(client);
    stream.once('data', (res: ReflectionResponse) => {
      stream.end();
      client.close();
      resolve(res);
    });
    stream.once('error', (err) => {
      client.close();
      reject(err);
    });
    stream.write(request);
  });
};
