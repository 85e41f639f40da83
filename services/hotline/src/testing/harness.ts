import { createMongoDocumentStore } from '@carebridge/document-store-mongodb';
import { eventRegistry } from '@carebridge/event-schema';
import { createEventStore } from '@carebridge/event-store';
import { createMongoEventStore } from '@carebridge/event-store-mongodb';
import { createSqliteEventStorage } from '@carebridge/event-store-sqlite';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMongoKeyVault, masterKeyOf } from '@carebridge/personal-data';
import { openTestDatabase, type TestDatabase } from '@carebridge/test-engines';
import { randomBytes } from 'node:crypto';
import type { Principal } from '../domain/access';
import type { ContactInput } from '../domain/validateContact';
import { createHotlineApplication, type HotlineApplication } from '../application/hotlineApplication';

/** A clock the test moves by hand. */
export const manualClock = (start: string) => {
  let now = Date.parse(start);
  return { now: () => new Date(now), advanceMinutes: (m: number) => void (now += m * 60_000) };
};

export type Harness = {
  service: HotlineApplication;
  db: TestDatabase;
  clock: ReturnType<typeof manualClock>;
  close(): Promise<void>;
};

export type EventLog = 'mongodb' | 'sqlite';

/**
 * The hotline on the real MongoDB-wire engine (read models, key vault), in a database of its own, with its event
 * log on MongoDB or on the embedded SQLite store of `npm start`.
 */
export const startHarness = async (
  prefix: string,
  log: EventLog = 'mongodb',
  start = '2026-03-01T08:00:00.000Z',
): Promise<Harness> => {
  const db = await openTestDatabase(prefix);
  const clock = manualClock(start);
  const eventStore =
    log === 'mongodb'
      ? await createMongoEventStore({ db: db.db, registry: eventRegistry, clock: clock.now })
      : createEventStore({
          storage: createSqliteEventStorage({ path: join(mkdtempSync(join(tmpdir(), 'hotline-')), 'events.db') }),
          registry: eventRegistry,
          clock: clock.now,
        });
  const documents = await createMongoDocumentStore({ db: db.db });
  const keyVault = await createMongoKeyVault({ db: db.db, masterKey: masterKeyOf(randomBytes(32)) });
  const service = createHotlineApplication({ eventStore, documents, keyVault, clock: clock.now });
  return { service, db, clock, close: () => db.dispose() };
};

export const principals = {
  xiningOperator: { subject: 'op-xining', roles: ['hotline.operator'], division: '630100' },
  haidongOperator: { subject: 'op-haidong', roles: ['hotline.operator'], division: '630200' },
  datongHandler: { subject: 'h-datong', roles: ['hotline.handler'], division: '630121' },
  chengdongHandler: { subject: 'h-chengdong', roles: ['hotline.handler'], division: '630102' },
  leduHandler: { subject: 'h-ledu', roles: ['hotline.handler'], division: '630202' },
  supervisor: { subject: 'sup-qh', roles: ['hotline.supervisor'], division: '630000' },
  stranger: { subject: 'someone', roles: ['relief.officer'], division: '630121' },
} satisfies Record<string, Principal>;

export const CHILD_NAME = '马小花';
export const CHILD_ID = '630121201701010013';

export const emergencyContact = (over: Partial<ContactInput> = {}): ContactInput => ({
  channel: 'phone',
  caller: { name: '韩老师', phone: '13912345678', relation: 'teacher' },
  child: { name: CHILD_NAME, age: 9, idNumber: CHILD_ID, locationDivision: '630121', locationDetail: '桥头镇' },
  caseType: 'rights_violation',
  urgency: 'emergency',
  narrative: 'the child has been locked out at night for three days',
  receivedAt: '2026-03-01T08:00:00.000Z',
  ...over,
});
