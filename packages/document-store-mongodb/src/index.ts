export * from './createMongoDocumentStore';
export { mongoDocumentStorage } from './mongoDocumentStorage';
