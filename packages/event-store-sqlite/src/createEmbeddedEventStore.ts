import { createEventStore, type EventStore } from '@carebridge/event-store';
import type { EventRegistry } from '@carebridge/event-schema';
import { createSqliteEventStorage } from './sqliteEventStorage';

/** The store of the embedded default (`npm start`): one SQLite file, nothing else to install. */
export const createEmbeddedEventStore = (path: string, registry: EventRegistry): EventStore =>
  createEventStore({ storage: createSqliteEventStorage({ path }), registry });
