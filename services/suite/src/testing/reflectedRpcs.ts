import * as descriptor from 'protobufjs/ext/descriptor';
import { policyOf, type RpcPolicy } from '@carebridge/grpc-kit';
import { askReflection } from '@carebridge/grpc-kit/testing';
import { loadPackageDefinition, loadProtoRoot } from '@carebridge/proto';
import type * as protobuf from 'protobufjs';
import type { RunningSuite, SuiteService } from './suiteOnEngines';

/** One RPC as a running server reports it through reflection, with what its .proto declares. */
export type ReflectedRpc = {
  /** `carebridge.hotline.v1.HotlineService/RecordContact` */
  readonly rpc: string;
  readonly grpcService: string;
  readonly method: string;
  readonly service: SuiteService;
  /** Undefined when the .proto declares no policy (the guard test reports it). */
  readonly policy: RpcPolicy | undefined;
  readonly policyError: string | undefined;
  /** The request message, field names as written in the .proto. */
  readonly requestType: protobuf.Type;
  readonly serializeRequest: (request: object) => Buffer;
  /** The response bytes as the test client would decode them (lowerCamel fields). */
  readonly decodeResponse: (bytes: Buffer) => unknown;
};

type FileDescriptor = { package?: string; service?: { name: string; method?: { name: string }[] }[] };

/** Methods of one service as reflection describes them (what grpcurl would list). */
const reflectedMethods = async (address: string, grpcService: string): Promise<string[]> => {
  const answer = await askReflection(address, { fileContainingSymbol: grpcService });
  const files = (answer.fileDescriptorResponse?.fileDescriptorProto ?? []).map(
    (bytes) => descriptor.FileDescriptorProto.decode(bytes) as unknown as FileDescriptor,
  );
  for (const file of files)
    for (const service of file.service ?? [])
      if (`${file.package}.${service.name}` === grpcService) return (service.method ?? []).map((m) => m.name);
  throw new Error(`reflection at ${address} does not describe ${grpcService}`);
};

/** Every RPC of every service of the running suite, listed by reflection: a new RPC is covered without edits. */
export const reflectSuite = async (suite: RunningSuite): Promise<ReflectedRpc[]> => {
  const found: ReflectedRpc[] = [];
  for (const service of suite.services) {
    const listed = await askReflection(service.address, { listServices: '*' });
    const names = (listed.listServicesResponse?.service ?? [])
      .map((s) => s.name)
      .filter((name) => !name.startsWith('grpc.'));
    const definition = loadPackageDefinition(service.protoFiles);
    const root = loadProtoRoot(service.protoFiles);
    for (const grpcService of names) {
      const methods = definition[grpcService] as Record<
        string,
        import('@grpc/proto-loader').MethodDefinition<object, object>
      >;
      for (const method of await reflectedMethods(service.address, grpcService)) {
        const rpc = `${grpcService}/${method}`;
        const loaded = methods[method];
        if (!loaded) throw new Error(`${rpc} is served but not in ${service.protoFiles.join(', ')}`);
        let policy: RpcPolicy | undefined;
        let policyError: string | undefined;
        try {
          policy = policyOf(rpc, loaded);
        } catch (error) {
          policyError = (error as Error).message;
        }
        found.push({
          rpc,
          grpcService,
          method,
          service,
          policy,
          policyError,
          requestType: root.lookupService(grpcService).methods[method]!.resolvedRequestType!,
          serializeRequest: (request) => loaded.requestSerialize(request),
          decodeResponse: (bytes) => loaded.responseDeserialize(bytes),
        });
      }
    }
  }
  return found;
};
