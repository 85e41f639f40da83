export * from './deadLetterRecords';
export { readUpToEnd, type ReadOptions, type ReadResult, type Visit } from './deadLetterReader';
export * from './replayDeadLetters';
export * from './inspectDeadLetters';
export * from './rewrapServiceKeys';
export { runDlqReplay } from './cli/dlqReplay';
export { runDlqInspect } from './cli/dlqInspect';
export { runKeysRewrap } from './cli/keysRewrap';
