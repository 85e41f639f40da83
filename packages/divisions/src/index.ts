export type { Division, DivisionLevel } from './directory';
export * from './lookup';
