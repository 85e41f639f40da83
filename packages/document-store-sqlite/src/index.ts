export * from './createSqliteDocumentStore';
export { sqliteDocumentStorage } from './sqliteDocumentStorage';
