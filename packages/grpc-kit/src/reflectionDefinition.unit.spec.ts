import * as descriptor from 'protobufjs/ext/descriptor';
import { programmeProtoFiles } from '@carebridge/proto';
import { reflectionDefinition } from './reflectionDefinition';
import { echoProtoFile } from './testing/echoProto';

type Field = { name: string; typeName?: string; jsonName?: string };
type Message = { name: string; field: Field[]; nestedType: Message[] };
type File = { name: string; package: string; dependency: string[]; messageType: Message[] };

const files = (protoFiles: readonly string[] = [echoProtoFile]): Map<string, File> => {
  const out = new Map<string, File>();
  for (const value of Object.values(reflectionDefinition(protoFiles))) {
    for (const bytes of (value as { fileDescriptorProtos?: Buffer[] }).fileDescriptorProtos ?? []) {
      const file = descriptor.FileDescriptorProto.toObject(descriptor.FileDescriptorProto.decode(bytes), {
        arrays: true,
      }) as File;
      out.set(file.name, file);
    }
  }
  return out;
};

describe('descriptors served by reflection', () => {
  const all = files();
  const echo = [...all.values()].find((f) => f.package === 'carebridge.kittest.v1');
  const message = (name: string) => echo?.messageType.find((m) => m.name === name);

  it('keeps field names as written, with protoc json names', () => {
    expect(message('SayRequest')?.field.find((f) => f.name === 'idempotency_key')?.jsonName).toBe('idempotencyKey');
  });

  it('qualifies references to other packages and lists their files as imports', () => {
    const at = message('SayReply')?.field.find((f) => f.name === 'at');
    expect(at?.typeName).toBe('.google.protobuf.Timestamp');
    const timestampFile = [...all.values()].find((f) => f.package === 'google.protobuf');
    expect(echo?.dependency).toEqual([timestampFile?.name]);
  });

  it("lists the file of a method's request from another package as an import", () => {
    // Every programme's ExportPersonRecords takes carebridge.privacy.v1 messages; grpcurl resolves them by import.
    const relief = [...files(programmeProtoFiles('relief')).values()];
    const privacy = relief.find((f) => f.package === 'carebridge.privacy.v1');
    expect(privacy).toBeDefined();
    expect(relief.find((f) => f.package === 'carebridge.relief.v1')?.dependency).toContain(privacy?.name);
  });

  it('names map entries the protoc way', () => {
    const request = message('SayRequest');
    expect(request?.nestedType.map((n) => n.name)).toEqual(['LabelsEntry']);
    expect(request?.field.find((f) => f.name === 'labels')?.typeName).toBe(
      '.carebridge.kittest.v1.SayRequest.LabelsEntry',
    );
  });

  it('includes grpc.health.v1', () => {
    expect([...all.values()].some((f) => f.package === 'grpc.health.v1')).toBe(true);
  });
});
