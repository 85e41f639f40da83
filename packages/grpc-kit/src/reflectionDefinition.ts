import * as protoLoader from '@grpc/proto-loader';
import * as descriptor from 'protobufjs/ext/descriptor';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { loadPackageDefinition, loaderOptions } from '@carebridge/proto';

type Field = { name: string; typeName?: string; jsonName?: string };
type Message = { name: string; field?: Field[]; nestedType?: Message[]; options?: { mapEntry?: boolean } };

const pascal = (name: string): string => name.replace(/(^|_)([a-z0-9])/g, (_m, _u: string, c: string) => c.toUpperCase());

const lowerCamel = (name: string): string => name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

// Two protobufjs habits are undone so descriptors read as protoc writes them: it names a map's entry type after
// the field ("Statuses", not "StatusesEntry"; protobuf-go, hence grpcurl, rejects that), and with keepCase it
// sets json_name to the proto name (clients would then print amount_fen instead of the standard amountFen).
const repairMessage = (message: Message): void => {
  for (const field of message.field ?? []) field.jsonName = lowerCamel(field.name);
  for (const nested of message.nestedType ?? []) {
    repairMessage(nested);
    if (!nested.options?.mapEntry) continue;
    const field = (message.field ?? []).find((f) => f.typeName === nested.name || f.typeName?.endsWith(`.${nested.name}`));
    if (!field) continue;
    const entry = `${pascal(field.name)}Entry`;
    field.typeName = field.typeName === nested.name ? entry : `${field.typeName?.slice(0, -nested.name.length)}${entry}`;
    nested.name = entry;
  }
};

const repairFile = (bytes: Buffer): Buffer => {
  const file = descriptor.FileDescriptorProto.decode(bytes) as unknown as { messageType?: Message[] };
  (file.messageType ?? []).forEach(repairMessage);
  return Buffer.from(descriptor.FileDescriptorProto.encode(file as never).finish());
};

/**
 * The package definition reflection serves: the .proto field names as written (keepCase), the health service
 * included, map entries named as protoc names them. Handlers keep the camelCase definition.
 */
export const reflectionDefinition = (files: readonly string[]): protoLoader.PackageDefinition => {
  const definition = {
    ...loadPackageDefinition(files, { keepCase: true }),
    ...protoLoader.loadSync(healthProtoPath, { ...loaderOptions, keepCase: true }),
  };
  const repaired = new Map<Buffer, Buffer>();
  for (const value of Object.values(definition)) {
    const withFiles = value as { fileDescriptorProtos?: Buffer[] };
    if (!withFiles.fileDescriptorProtos) continue;
    withFiles.fileDescriptorProtos = withFiles.fileDescriptorProtos.map((b) => {
      const fixed = repaired.get(b) ?? repairFile(b);
      repaired.set(b, fixed);
      return fixed;
    });
  }
  return definition;
};
