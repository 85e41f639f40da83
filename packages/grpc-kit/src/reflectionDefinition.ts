import * as protoLoader from '@grpc/proto-loader';
import * as descriptor from 'protobufjs/ext/descriptor';
import descriptorJson from 'protobufjs/google/protobuf/descriptor.json';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { loadPackageDefinition, loaderOptions } from '@carebridge/proto';

type Field = { name: string; typeName?: string; jsonName?: string };
type Message = {
  name: string;
  field?: Field[];
  nestedType?: Message[];
  enumType?: { name: string }[];
  options?: { mapEntry?: boolean };
};
type Method = { inputType?: string; outputType?: string };
type File = {
  name: string;
  package?: string;
  dependency?: string[];
  messageType?: Message[];
  enumType?: { name: string }[];
  service?: { method?: Method[] }[];
  extension?: unknown[];
};

// The types of google/protobuf/descriptor.proto, which the method and field options import.
const descriptorTypes = new Set(
  Object.keys(
    (
      descriptorJson as unknown as {
        nested: { google: { nested: { protobuf: { nested: Record<string, unknown> } } } };
      }
    ).nested.google.nested.protobuf.nested,
  ),
);

/**
 * Reflection serves the messages and services, not the declaration of our custom options: protobufjs writes
 * descriptor.proto back lossily (defaults under proto3, extension ranges) and copies each extension into the
 * message it extends, and protobuf-go (hence grpcurl) refuses the result. What each RPC declares is read from
 * the .proto files, which agencies are given; a client of reflection needs only the types and methods.
 */
const dropOptionDeclarations = (file: File): void => {
  delete file.extension;
  if (file.package !== 'google.protobuf') return;
  file.messageType = (file.messageType ?? []).filter((m) => !descriptorTypes.has(m.name));
  file.enumType = (file.enumType ?? []).filter((e) => !descriptorTypes.has(e.name));
};

const pascal = (name: string): string =>
  name.replace(/(^|_)([a-z0-9])/g, (_m, _u: string, c: string) => c.toUpperCase());
const lowerCamel = (name: string): string => name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

// protobufjs names a map's entry type after the field ("Statuses") where protoc writes "StatusesEntry";
// protobuf-go (hence grpcurl) rejects that. With keepCase it also sets json_name to the proto name.
const repairMaps = (message: Message): void => {
  for (const field of message.field ?? []) field.jsonName = lowerCamel(field.name);
  for (const nested of message.nestedType ?? []) {
    repairMaps(nested);
    if (!nested.options?.mapEntry) continue;
    const field = (message.field ?? []).find(
      (f) => f.typeName === nested.name || f.typeName?.endsWith(`.${nested.name}`),
    );
    if (!field) continue;
    const entry = `${pascal(field.name)}Entry`;
    field.typeName = `${field.typeName?.slice(0, -nested.name.length)}${entry}`;
    nested.name = entry;
  }
};

/** Every message and enum a file declares, by full name. */
const symbolsOf = (file: File): string[] => {
  const walk = (scope: string, messages: Message[] = [], enums: { name: string }[] = []): string[] => [
    ...enums.map((e) => `${scope}${e.name}`),
    ...messages.flatMap((m) => [`${scope}${m.name}`, ...walk(`${scope}${m.name}.`, m.nestedType, m.enumType)]),
  ];
  return walk(file.package ? `${file.package}.` : '', file.messageType, file.enumType);
};

/**
 * protoc writes type references fully qualified (".google.protobuf.Timestamp") and lists imported files;
 * proto-loader's per-package files do neither, so a client cannot resolve a type from another package.
 * References are resolved by protobuf scoping rules and the files they live in become dependencies.
 */
const qualify = (file: File, owner: Map<string, string>): void => {
  const deps = new Set(file.dependency ?? []);
  const resolve = (name: string | undefined, scope: string): string | undefined => {
    if (!name) return name;
    if (name.startsWith('.')) {
      // Already qualified (protobufjs writes a method's types so): its file is still an import.
      const home = owner.get(name.slice(1));
      if (home !== undefined && home !== file.name) deps.add(home);
      return name;
    }
    const parts = scope.split('.').filter(Boolean);
    for (let i = parts.length; i >= 0; i -= 1) {
      const candidate = [...parts.slice(0, i), name].join('.');
      const home = owner.get(candidate);
      if (home === undefined) continue;
      if (home !== file.name) deps.add(home);
      return `.${candidate}`;
    }
    return name;
  };
  const walk = (scope: string, messages: Message[] = []): void => {
    for (const m of messages) {
      const inner = `${scope}.${m.name}`;
      for (const f of m.field ?? []) f.typeName = resolve(f.typeName, inner);
      walk(inner, m.nestedType);
    }
  };
  walk(file.package ?? '', file.messageType);
  for (const s of file.service ?? []) {
    for (const m of s.method ?? []) {
      m.inputType = resolve(m.inputType, file.package ?? '');
      m.outputType = resolve(m.outputType, file.package ?? '');
    }
  }
  file.dependency = [...deps].sort();
};

/**
 * The package definition reflection serves, shaped as protoc would write it: field names as in the .proto
 * (keepCase), lowerCamel json names, map entries, qualified references and imports; grpc.health.v1 and
 * google.rpc's error details included.
 * Handlers keep the camelCase definition from @carebridge/proto.
 */
export const reflectionDefinition = (files: readonly string[]): protoLoader.PackageDefinition => {
  const definition = {
    ...loadPackageDefinition(files, { keepCase: true }),
    // The kit's error details (google.rpc.BadRequest and kin): a client can decode them without a .proto file.
    ...loadPackageDefinition(['google/rpc/error_details.proto'], { keepCase: true }),
    ...protoLoader.loadSync(healthProtoPath, { ...loaderOptions, keepCase: true }),
  };
  const holders = Object.values(definition).filter(
    (v): v is typeof v & { fileDescriptorProtos: Buffer[] } => 'fileDescriptorProtos' in v,
  );
  const decoded = new Map<string, File>();
  for (const holder of holders) {
    for (const bytes of holder.fileDescriptorProtos) {
      const file = descriptor.FileDescriptorProto.decode(bytes) as unknown as File;
      if (!decoded.has(file.name)) decoded.set(file.name, file);
    }
  }
  for (const file of decoded.values()) {
    dropOptionDeclarations(file);
    (file.messageType ?? []).forEach(repairMaps);
  }
  const owner = new Map<string, string>();
  for (const file of decoded.values()) for (const symbol of symbolsOf(file)) owner.set(symbol, file.name);
  const encoded = new Map<string, Buffer>();
  for (const file of decoded.values()) {
    qualify(file, owner);
    encoded.set(file.name, Buffer.from(descriptor.FileDescriptorProto.encode(file as never).finish()));
  }
  for (const holder of holders) {
    holder.fileDescriptorProtos = holder.fileDescriptorProtos.map((b) => {
      const name = (descriptor.FileDescriptorProto.decode(b) as unknown as File).name;
      return encoded.get(name) ?? b;
    });
  }
  return definition;
};
