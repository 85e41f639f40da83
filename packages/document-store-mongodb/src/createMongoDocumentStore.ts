import { createDocumentStore, type DocumentStore } from '@carebridge/document-store';
import { MongoClient, type Db } from 'mongodb';
import { mongoDocumentStorage } from './mongoDocumentStorage';

export type MongoDocumentStoreOptions =
  /** A database on a client the caller owns: close() leaves the client open. */
  | { readonly db: Db }
  /** A connection string: the store opens its own client and close() closes it. */
  | { readonly uri: string; readonly database: string };

export const createMongoDocumentStore = async (options: MongoDocumentStoreOptions): Promise<DocumentStore> => {
  if ('db' in options) return createDocumentStore(mongoDocumentStorage(options.db));
  const client = await MongoClient.connect(options.uri);
  return createDocumentStore(mongoDocumentStorage(client.db(options.database), () => client.close()));
};
