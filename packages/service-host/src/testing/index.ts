export * from './childProcess';
export * from './waitUntil';
