export * from './loader';
