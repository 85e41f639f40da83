export * from './testToken';
export * from './testClient';
export * from './echoProto';
export * from './probes';
export * from './echoServer';
