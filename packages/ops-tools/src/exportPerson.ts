import * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import { loadPackageDefinition, programmeProtoFiles } from '@carebridge/proto';

/** A programme that holds people: the gRPC service that answers ExportPersonRecords and where it listens by default. */
export type PersonProgramme = {
  readonly programme: string;
  readonly grpcService: string;
  /** Its directory under packages/proto/carebridge. */
  readonly protoDir: string;
  readonly defaultAddress: string;
};

/** Every programme of the deployment that holds records about people (service-host's default gRPC ports). */
export const personProgrammes: readonly PersonProgramme[] = [
  {
    programme: 'hotline',
    grpcService: 'carebridge.hotline.v1.HotlineService',
    protoDir: 'hotline',
    defaultAddress: '127.0.0.1:50052',
  },
  {
    programme: 'relief',
    grpcService: 'carebridge.relief.v1.ReliefIntake',
    protoDir: 'relief',
    defaultAddress: '127.0.0.1:50051',
  },
  {
    programme: 'dispatch',
    grpcService: 'carebridge.dispatch.v1.DispatchService',
    protoDir: 'dispatch',
    defaultAddress: '127.0.0.1:50053',
  },
  {
    programme: 'catalog',
    grpcService: 'carebridge.catalog.v1.ServiceCatalog',
    protoDir: 'catalog',
    defaultAddress: '127.0.0.1:50054',
  },
];

/** A record as the programmes answer it (carebridge.privacy.v1.PersonRecord). */
export type ExportedPersonRecord = {
  readonly kind: string;
  readonly id: string;
  readonly programme: string;
  readonly jurisdiction: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly status: string;
  readonly erased: boolean;
  readonly fields: readonly { readonly path: string; readonly value: string; readonly erased: boolean }[];
};

/** How one programme answered: its record count, or why it did not. */
export type ProgrammeAnswer = {
  readonly programme: string;
  readonly answered: boolean;
  readonly records: number;
  /** The gRPC status and message when it did not answer. */
  readonly error?: string;
};

/** The one document a data-protection officer hands over: every programme's records of the person. */
export type PersonExportDocument = {
  readonly personRef: string;
  readonly exportedAt: string;
  /** False when a programme did not answer: the document then says which, and is not the whole answer. */
  readonly complete: boolean;
  readonly programmes: readonly ProgrammeAnswer[];
  /** Oldest first, across programmes. */
  readonly records: readonly ExportedPersonRecord[];
};

export type ExportPersonOptions = {
  readonly personRef: string;
  /** The data-protection officer's bearer token (role privacy.officer). */
  readonly token: string;
  /** gRPC address per programme; the default address otherwise. */
  readonly addresses?: Readonly<Record<string, string>>;
  readonly deadlineMs?: number;
  readonly programmes?: readonly PersonProgramme[];
  readonly clock?: () => Date;
};

type ExportResponse = { records: ExportedPersonRecord[] };

const askProgramme = (
  programme: PersonProgramme,
  address: string,
  options: ExportPersonOptions,
): Promise<ExportResponse> => {
  const definition = loadPackageDefinition(programmeProtoFiles(programme.protoDir));
  const service = definition[programme.grpcService] as Record<string, MethodDefinition<object, ExportResponse>>;
  const method = service.ExportPersonRecords;
  if (!method) throw new Error(`${programme.grpcService} has no ExportPersonRecords`);
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${options.token}`);
  return new Promise<ExportResponse>((resolve, reject) => {
    client.makeUnaryRequest(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      { personRef: options.personRef },
      metadata,
      { deadline: Date.now() + (options.deadlineMs ?? 30_000) },
      (err, response) => (err || !response ? reject(err ?? new Error('no response')) : resolve(response)),
    );
  }).finally(() => client.close());
};

/**
 * Asks every programme for its records of one person and assembles one document. A programme that does not
 * answer is named in the document (complete: false) rather than left out, so an export is never silently partial.
 */
export const exportPerson = async (options: ExportPersonOptions): Promise<PersonExportDocument> => {
  if (!options.personRef) throw new Error('a person reference is required');
  const programmes = options.programmes ?? personProgrammes;
  const answers = await Promise.all(
    programmes.map(async (programme) => {
      const address = options.addresses?.[programme.programme] ?? programme.defaultAddress;
      try {
        return { programme: programme.programme, response: await askProgramme(programme, address, options) };
      } catch (error) {
        const e = error as Partial<grpc.ServiceError>;
        const code = e.code === undefined ? 'ERROR' : grpc.status[e.code];
        return { programme: programme.programme, error: `${code}: ${e.details ?? e.message ?? String(error)}` };
      }
    }),
  );
  const records = answers
    .flatMap((a) => a.response?.records ?? [])
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.programme.localeCompare(b.programme));
  return {
    personRef: options.personRef,
    exportedAt: (options.clock ?? (() => new Date()))().toISOString(),
    complete: answers.every((a) => a.response),
    programmes: answers.map((a) =>
      a.response
        ? { programme: a.programme, answered: true, records: a.response.records.length }
        : { programme: a.programme, answered: false, records: 0, error: a.error },
    ),
    records,
  };
};
