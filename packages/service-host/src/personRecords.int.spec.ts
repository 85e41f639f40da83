import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { ValidationError } from '@carebridge/decider';
import { createEventRegistry, defineEvent, personal } from '@carebridge/event-schema';
import type { EventStore } from '@carebridge/event-store';
import { createEmbeddedEventStore } from '@carebridge/event-store-sqlite';
import { createPersonalDataCipher, createSqliteKeyVault, masterKeyOf, type KeyVault } from '@carebridge/personal-data';
import { createPersonRecordsExport, type PersonRecordRef } from './personRecords';

/** A record about a person, with someone else's phone and a staff note beside the person's own fields. */
const PersonNoted = defineEvent({
  type: 'test.PersonNoted',
  version: 1,
  topic: 'test.people.v1',
  description: 'Fixture',
  schema: Type.Object({
    recordId: Type.String(),
    person: Type.Object({
      personRef: Type.String(),
      name: personal(Type.String(), 'person'),
      age: Type.Optional(personal(Type.Integer(), 'person', 'age')),
    }),
    reporter: Type.Object({ phone: personal(Type.String(), 'person') }),
    note: personal(Type.String(), 'person'),
  }),
});
const registry = createEventRegistry([PersonNoted]);

describe('a programme exports the records it holds about a person', () => {
  let dir: string;
  let vault: KeyVault;
  let store: EventStore;
  const refs = new Map<string, PersonRecordRef[]>();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'person-records-'));
    vault = createSqliteKeyVault({ filename: join(dir, 'keys.sqlite'), masterKey: masterKeyOf(randomBytes(32)) });
    store = createEmbeddedEventStore(join(dir, 'events.sqlite'), registry);
  });
  afterAll(async () => {
    await vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cipher = () => createPersonalDataCipher(vault);
  const exportFor = createPersonRecordsExport({
    programme: 'test',
    eventStore: { readStream: (id) => store.readStream(id) },
    registry,
    cipher: { openPersonalFields: (...args) => cipher().openPersonalFields(...args) },
    isOwnField: (field) => field.path.startsWith('person.'),
    find: (personRef) => Promise.resolve(refs.get(personRef) ?? []),
    clock: () => new Date('2026-01-02T03:04:05.000Z'),
  });

  /** Appends one sealed event for `personRef` to `streamId`. */
  const note = async (streamId: string, personRef: string, name: string, version: number, age?: number) => {
    const data = {
      recordId: streamId,
      person: { personRef, name, ...(age === undefined ? {} : { age }) },
      reporter: { phone: '13900000000' },
      note: 'written by staff',
    };
    const sealed = await cipher().sealPersonalFields(registry, PersonNoted.type, data, () => `person:${personRef}`);
    await store.append(streamId, [{ type: PersonNoted.type, data: sealed }], {
      expectedVersion: version,
      commandId: `${streamId}-${version}`,
    });
  };

  it("opens the person's own fields, the latest value of each, and dates the record by its events", async () => {
    await note('rec-a', 'p-1', '王小明', 0, 9);
    await note('rec-a', 'p-1', '王晓明', 1);
    refs.set('p-1', [{ kind: 'case', id: 'a', streamId: 'rec-a', jurisdiction: '630121', status: 'open' }]);

    const exported = await exportFor('p-1');
    expect(exported).toMatchObject({ programme: 'test', personRef: 'p-1', exportedAt: '2026-01-02T03:04:05.000Z' });
    expect(exported.records).toHaveLength(1);
    const [record] = exported.records;
    expect(record).toMatchObject({ kind: 'case', id: 'a', programme: 'test', status: 'open', erased: false });
    expect(record!.fields).toEqual([
      { path: 'person.age', value: '9', erased: false },
      { path: 'person.name', value: '王晓明', erased: false },
    ]);
    expect(record!.createdAt <= record!.updatedAt).toBe(true);
    expect(JSON.stringify(exported)).not.toContain('13900000000');
    expect(JSON.stringify(exported)).not.toContain('written by staff');
  });

  it('marks every field erased, with no value, once the person key is destroyed', async () => {
    await note('rec-b', 'p-2', '李四', 0);
    refs.set('p-2', [{ kind: 'order', id: 'b', streamId: 'rec-b', jurisdiction: '420102', status: 'open' }]);
    expect((await exportFor('p-2')).records[0]!.erased).toBe(false);

    await cipher().destroySubjectKey('person:p-2');
    const exported = await exportFor('p-2');
    expect(exported.records[0]).toMatchObject({
      erased: true,
      fields: [{ path: 'person.name', value: '', erased: true }],
    });
    expect(JSON.stringify(exported)).not.toContain('李四');
    // Another person's record is untouched.
    expect((await exportFor('p-1')).records[0]!.fields).toContainEqual({
      path: 'person.name',
      value: '王晓明',
      erased: false,
    });
  });

  it('answers nothing for a person it does not hold, and refuses an empty reference', async () => {
    expect((await exportFor('p-unknown')).records).toEqual([]);
    await expect(exportFor('')).rejects.toBeInstanceOf(ValidationError);
  });
});
