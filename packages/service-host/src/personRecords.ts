import { ValidationError } from '@carebridge/decider';
import { locateField, type EventRegistry, type PersonalField } from '@carebridge/event-schema';
import type { EventStore } from '@carebridge/event-store';
import { unary, type UnaryMethod } from '@carebridge/grpc-kit';
import type { PersonalDataCipher } from '@carebridge/personal-data';

/** The role that may export a person's records (the deployment's data-protection officer, PIPL arts. 45 and 52). */
export const PRIVACY_OFFICER_ROLE = 'privacy.officer';

/** Where a programme keeps one record about a person, as its own read model finds it (by an index on personRef). */
export type PersonRecordRef = {
  /** `case`, `application`, `order`, `request` ... */
  readonly kind: string;
  readonly id: string;
  /** The event stream that holds the record; its first and last events date it. */
  readonly streamId: string;
  /** GB/T 2260 code of the division the record lies in. */
  readonly jurisdiction: string;
  readonly status: string;
};

/** One personal field of a record as opened for the export (carebridge.privacy.v1.PersonalField). */
export type ExportedField = { readonly path: string; readonly value: string; readonly erased: boolean };

/** One record (carebridge.privacy.v1.PersonRecord). */
export type ExportedRecord = PersonRecordRef & {
  readonly programme: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly erased: boolean;
  readonly fields: readonly ExportedField[];
};

/** What one programme answers (carebridge.privacy.v1.ExportPersonRecordsResponse). */
export type PersonRecordsExport = {
  readonly programme: string;
  readonly personRef: string;
  readonly exportedAt: string;
  readonly records: readonly ExportedRecord[];
};

/** What a programme supplies; reading, opening and shaping the records is the same for every programme. */
export type PersonRecordSource = {
  readonly programme: string;
  readonly eventStore: Pick<EventStore, 'readStream'>;
  readonly registry: EventRegistry;
  readonly cipher: Pick<PersonalDataCipher, 'openPersonalFields'>;
  /**
   * Which personal fields are the person's own. A record may hold someone else's (the hotline's caller, who may
   * have reported the child's own family): those are not the person's to receive.
   */
  readonly isOwnField: (field: PersonalField) => boolean;
  /** The person's records, found through an index on the person reference (never a scan). */
  readonly find: (personRef: string) => Promise<readonly PersonRecordRef[]>;
  readonly clock?: () => Date;
};

const textOf = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** Opens one record's events and keeps the latest value of each of the person's own fields. */
const exportRecord = async (source: PersonRecordSource, ref: PersonRecordRef): Promise<ExportedRecord> => {
  const events = await source.eventStore.readStream(ref.streamId);
  const fields = new Map<string, ExportedField>();
  for (const event of events) {
    const opened = await source.cipher.openPersonalFields(source.registry, event.type, event.data);
    const erased = new Set(opened.erasedPaths);
    for (const field of source.registry.personalFields(event.type).filter(source.isOwnField))
      for (const at of locateField(opened.data, field.path)) {
        if (erased.has(at.path)) fields.set(at.path, { path: at.path, value: '', erased: true });
        else if (at.value !== undefined && at.value !== null)
          fields.set(at.path, { path: at.path, value: textOf(at.value), erased: false });
      }
  }
  const exported = [...fields.values()].sort((a, b) => a.path.localeCompare(b.path));
  return {
    ...ref,
    programme: source.programme,
    createdAt: events[0]?.recordedAt.toISOString() ?? '',
    updatedAt: events.at(-1)?.recordedAt.toISOString() ?? '',
    erased: exported.some((f) => f.erased),
    fields: exported,
  };
};

/** Every record one programme holds about a person, personal fields opened, or marked erased once the key is gone. */
export const createPersonRecordsExport =
  (source: PersonRecordSource) =>
  async (personRef: string): Promise<PersonRecordsExport> => {
    if (!personRef) throw new ValidationError([{ field: 'person_ref', description: 'is required' }]);
    const refs = await source.find(personRef);
    const records = await Promise.all(refs.map((ref) => exportRecord(source, ref)));
    return {
      programme: source.programme,
      personRef,
      exportedAt: (source.clock ?? (() => new Date()))().toISOString(),
      records: records.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),
    };
  };

/** The ExportPersonRecords RPC every programme serves with its own source. */
export const exportPersonRecordsMethod = (source: PersonRecordSource): UnaryMethod<never, unknown> => {
  const exportFor = createPersonRecordsExport(source);
  return unary(async (request: { personRef: string }) => exportFor(request.personRef), {
    roles: [PRIVACY_OFFICER_ROLE],
  });
};

/** Pages through a read model's index on `personRef` (the document stores page by token). */
export const allPages = async <T>(
  page: (pageToken: string | undefined) => Promise<{ items: readonly T[]; nextPageToken?: string }>,
): Promise<T[]> => {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const next = await page(token);
    out.push(...next.items);
    token = next.nextPageToken;
  } while (token);
  return out;
};
