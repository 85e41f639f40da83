import * as path from 'node:path';
import * as fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import * as protobuf from 'protobufjs';

/** Directory that holds carebridge/ and google/ (works from src/ under ts-jest and from dist/ once built). */
export const protoRoot = path.resolve(__dirname, '..');

/**
 * One set of loader options for every service and client, so field names and number types never differ
 * between two ends of a call:
 * - keepCase false: fields are lowerCamelCase in TypeScript (`idempotencyKey`), the same names the proto3 JSON
 *   mapping (grpcurl, gateways) uses; the wire is unaffected.
 * - longs String: int64/uint64 arrive as decimal strings. Money is integer fen and may exceed 2^53 when summed;
 *   the proto3 JSON mapping also writes 64-bit integers as strings, so agency clients see one form everywhere.
 * - enums String: enum values by name, so logs and tests read `'SERVING'` instead of `1`.
 * - defaults/arrays/objects true: absent scalars read as their zero value, absent repeated fields as `[]`.
 * - oneofs true: a virtual property names which member of a oneof is set.
 */
export const loaderOptions: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  arrays: true,
  objects: true,
  oneofs: true,
  includeDirs: [protoRoot],
};

// Relative names resolve against the root; absolute paths (test-only protos) may live anywhere.
const resolveFile = (file: string): string => {
  const full = path.isAbsolute(file) ? file : path.join(protoRoot, file);
  if (!fs.existsSync(full)) throw new Error(`proto file ${file} not found (looked at ${full})`);
  return path.isAbsolute(file) ? file : file.split(path.sep).join('/');
};

/**
 * Loads proto files named relative to the proto root (`carebridge/relief/v1/relief_intake.proto`) or absolute.
 * Imports resolve against the root, so `import "google/rpc/status.proto";` works from any file. `overrides`
 * exists for reflection, which needs the field names as written (keepCase: true).
 */
export const loadPackageDefinition = (
  files: readonly string[],
  overrides: Partial<protoLoader.Options> = {},
): protoLoader.PackageDefinition => {
  if (files.length === 0) throw new Error('loadPackageDefinition: name at least one proto file');
  return protoLoader.loadSync(files.map(resolveFile), { ...loaderOptions, ...overrides });
};

/** The loaded definition as grpc-js objects (service constructors, message types). */
export const loadGrpcObject = (files: readonly string[]): grpc.GrpcObject =>
  grpc.loadPackageDefinition(loadPackageDefinition(files));

/** Every .proto of one programme (`relief`, `hotline`, ...) in carebridge/<programme>/v1, relative to the root. */
export const programmeProtoFiles = (programme: string, version = 'v1'): string[] => {
  const dir = path.join(protoRoot, 'carebridge', programme, version);
  if (!fs.existsSync(dir)) throw new Error(`no proto directory for programme ${programme} (${dir})`);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.proto'))
    .sort()
    .map((f) => path.posix.join('carebridge', programme, version, f));
};

/**
 * The same files as a protobufjs Root, for what the package definition leaves out: the options declared on
 * fields (carebridge.options.v1.text). Field names stay as written. Imports resolve like the loader's; google/protobuf/* comes from protobufjs.
 */
export const loadProtoRoot = (files: readonly string[]): protobuf.Root => {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => {
    if (path.isAbsolute(target)) return target;
    if (target.startsWith('google/protobuf/')) return require.resolve(`protobufjs/${target}`);
    return path.join(protoRoot, target);
  };
  // keepCase: field names as written in the .proto, the names errors report.
  root.loadSync(files.map(resolveFile), { keepCase: true });
  root.resolveAll();
  return root;
};
