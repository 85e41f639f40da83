import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadGrpcObject, loadPackageDefinition, programmeProtoFiles, protoRoot } from './index';

describe('proto loader', () => {
  it('finds every programme directory and loads each programme with its imports resolved', () => {
    const programmes = fs
      .readdirSync(path.join(protoRoot, 'carebridge'))
      .filter((p) => fs.existsSync(path.join(protoRoot, 'carebridge', p, 'v1')));
    expect(programmes.length).toBeGreaterThan(0);
    for (const programme of programmes) {
      const files = programmeProtoFiles(programme);
      if (files.length === 0) continue;
      const definition = loadPackageDefinition(files);
      expect(Object.keys(definition).some((k) => k.startsWith(`carebridge.`))).toBe(true);
    }
  });

  it('loads the vendored google.rpc error model', () => {
    const definition = loadPackageDefinition(['google/rpc/status.proto', 'google/rpc/error_details.proto']);
    expect(Object.keys(definition)).toEqual(
      expect.arrayContaining(['google.rpc.Status', 'google.rpc.BadRequest', 'google.rpc.ErrorInfo']),
    );
  });

  it('exposes camelCase field names (the wire keeps field numbers)', () => {
    const definition = loadPackageDefinition(['google/rpc/error_details.proto']);
    const badRequest = definition['google.rpc.BadRequest'] as { type: { field: { name: string }[] } };
    expect(badRequest.type.field.map((f) => f.name)).toEqual(['fieldViolations']);
    const grpcObject = loadGrpcObject(['google/rpc/error_details.proto']);
    expect(Object.keys(grpcObject)).toContain('google');
  });

  it('names a missing file clearly', () => {
    expect(() => loadPackageDefinition(['carebridge/nowhere/v1/x.proto'])).toThrow(
      /carebridge\/nowhere\/v1\/x.proto not found/,
    );
    expect(() => programmeProtoFiles('nowhere')).toThrow(/no proto directory for programme nowhere/);
    expect(() => loadPackageDefinition([])).toThrow(/at least one/);
  });
});
