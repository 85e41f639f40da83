export * from './outboxStorage';
export * from './commitRecords';
export * from './createOutboxRelay';
export * from './testing/outboxStorageContract';
export * from './bench';
