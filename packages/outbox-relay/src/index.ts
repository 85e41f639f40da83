export * from './outboxStorage';
export * from './commitRecords';
export * from './createOutboxRelay';
