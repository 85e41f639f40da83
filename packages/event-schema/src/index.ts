export * from './defineEvent';
export * from './personal';
export * from './sealedValue';
export * from './fieldLocations';
export * from './formats';
export * from './registry';
export * from './events';
