export * from './defineEvent';
export * from './personal';
export * from './registry';
export * from './events';
