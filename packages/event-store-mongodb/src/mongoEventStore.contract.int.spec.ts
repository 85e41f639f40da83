import { describeEventStoreContract } from '@carebridge/event-store/testing';
import { openTestDatabase, type TestDatabase } from '@carebridge/test-engines';
import { createMongoEventStore } from './createMongoEventStore';
import { serverInfo } from './serverInfo';

// One randomly named database on the server in MONGODB_URI; every store the suite opens shares it.
let database: TestDatabase;

beforeAll(async () => {
  database = await openTestDatabase('event_store_contract');
  const server = await serverInfo(database.db);
  // Proof in the log that a real server answered, and which one.
  console.log(
    `event-store-mongodb contract: ${server.product} ${server.version} (MongoDB ${server.mongoVersion} protocol), database ${database.name}`,
  );
});

describeEventStoreContract('mongodb', {
  create: (registry) => createMongoEventStore({ db: database.db, registry }),
  destroy: () => database.dispose(),
});
