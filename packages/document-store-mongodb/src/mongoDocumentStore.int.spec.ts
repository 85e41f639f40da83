import { documentStoreContract } from '@carebridge/document-store/testing';
import { openTestDatabase, type TestDatabase } from '@carebridge/test-engines';
import { createMongoDocumentStore } from './createMongoDocumentStore';

let database: TestDatabase;

documentStoreContract({
  name: 'MongoDB wire (FerretDB in local runs)',
  open: async () => {
    database = await openTestDatabase('document_store');
    return createMongoDocumentStore({ db: database.db });
  },
  dispose: () => database.dispose(),
});
