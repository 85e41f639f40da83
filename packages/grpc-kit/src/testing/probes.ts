import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { serviceClientConstructor } from '../healthCheck';

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
  const Reflection = serviceClientConstructor(reflectionProto, 'grpc.reflection.v1.ServerReflection');
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
