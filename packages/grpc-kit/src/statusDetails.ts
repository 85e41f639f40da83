import * as path from 'node:path';
import * as protobuf from 'protobufjs';
import { protoRoot } from '@carebridge/proto';

/** One bad field of a request, as google.rpc.BadRequest.FieldViolation carries it. */
export type FieldViolation = { readonly field: string; readonly description: string; readonly reason?: string };

export type ErrorInfo = {
  readonly reason: string;
  readonly domain: string;
  readonly metadata: Readonly<Record<string, string>>;
};

export type StatusDetails = {
  readonly code: number;
  readonly message: string;
  readonly fieldViolations: readonly FieldViolation[];
  readonly errorInfo: ErrorInfo | undefined;
};

export const STATUS_DETAILS_KEY = 'grpc-status-details-bin';
const TYPE_PREFIX = 'type.googleapis.com/';

type Types = { readonly status: protobuf.Type; readonly badRequest: protobuf.Type; readonly errorInfo: protobuf.Type };
let types: Types | undefined;

// The vendored googleapis files are the single source of these messages; google/protobuf/any.proto is bundled.
const load = (): Types => {
  if (types) return types;
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith('google/rpc/') ? path.join(protoRoot, target) : target);
  root.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto']);
  types = {
    status: root.lookupType('google.rpc.Status'),
    badRequest: root.lookupType('google.rpc.BadRequest'),
    errorInfo: root.lookupType('google.rpc.ErrorInfo'),
  };
  return types;
};

// protobufjs bundles google.protobuf.Any as JSON with the proto field name type_url (no camelCase).
const any = (type: protobuf.Type, value: object): { type_url: string; value: Uint8Array } => ({
  type_url: `${TYPE_PREFIX}${type.fullName.replace(/^\./, '')}`,
  value: type.encode(type.fromObject(value)).finish(),
});

/** Encodes a google.rpc.Status with BadRequest and/or ErrorInfo details for the `grpc-status-details-bin` trailer. */
export const encodeStatusDetails = (status: {
  code: number;
  message: string;
  fieldViolations?: readonly FieldViolation[];
  errorInfo?: ErrorInfo;
}): Buffer => {
  const t = load();
  const details = [
    ...(status.fieldViolations?.length ? [any(t.badRequest, { fieldViolations: status.fieldViolations })] : []),
    ...(status.errorInfo ? [any(t.errorInfo, status.errorInfo)] : []),
  ];
  const message = t.status.fromObject({ code: status.code, message: status.message, details });
  return Buffer.from(t.status.encode(message).finish());
};

type DecodedStatus = { code?: number; message?: string; details?: { type_url?: string; value?: Uint8Array }[] };
type DecodedBadRequest = { fieldViolations?: { field?: string; description?: string; reason?: string }[] };
type DecodedErrorInfo = { reason?: string; domain?: string; metadata?: Record<string, string> };

/** Decodes the trailer back; unknown detail types are ignored, as the error model asks of clients. */
export const decodeStatusDetailsBuffer = (buffer: Uint8Array): StatusDetails => {
  const t = load();
  const toObject = { defaults: true, arrays: true, objects: true };
  const status = t.status.toObject(t.status.decode(buffer), toObject) as DecodedStatus;
  let fieldViolations: FieldViolation[] = [];
  let errorInfo: ErrorInfo | undefined;
  for (const d of status.details ?? []) {
    const value = d.value ?? new Uint8Array();
    if (d.type_url === `${TYPE_PREFIX}google.rpc.BadRequest`) {
      const br = t.badRequest.toObject(t.badRequest.decode(value), toObject) as DecodedBadRequest;
      fieldViolations = (br.fieldViolations ?? []).map((v) => ({
        field: v.field ?? '',
        description: v.description ?? '',
        ...(v.reason ? { reason: v.reason } : {}),
      }));
    } else if (d.type_url === `${TYPE_PREFIX}google.rpc.ErrorInfo`) {
      const ei = t.errorInfo.toObject(t.errorInfo.decode(value), toObject) as DecodedErrorInfo;
      errorInfo = { reason: ei.reason ?? '', domain: ei.domain ?? '', metadata: ei.metadata ?? {} };
    }
  }
  return { code: status.code ?? 0, message: status.message ?? '', fieldViolations, errorInfo };
};
