import { createEventStore, type EventStore, type EventStoreOptions } from '@carebridge/event-store';
import { createMongoEventStorage, type MongoEventStorageOptions } from './mongoEventStorage';

export type MongoEventStoreOptions = MongoEventStorageOptions & Omit<EventStoreOptions, 'storage'>;

/** The EventStore on MongoDB (or FerretDB); indexes are ensured before it is returned. */
export const createMongoEventStore = async (options: MongoEventStoreOptions): Promise<EventStore> => {
  const { db, gapGraceMs, ...store } = options;
  const storage = await createMongoEventStorage({ db, ...(gapGraceMs !== undefined ? { gapGraceMs } : {}) });
  return createEventStore({ ...store, storage });
};
