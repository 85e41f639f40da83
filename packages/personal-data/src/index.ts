export * from './masterKey';
export * from './keyVault';
export * from './mongoKeyVault';
export * from './sqliteKeyVault';
export * from './personalDataCipher';
export * from './sealingEventStore';
export * from './rewrapKeys';
