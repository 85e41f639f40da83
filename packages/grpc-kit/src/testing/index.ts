// Test helpers: imported as @carebridge/grpc-kit/testing, never built into dist/.
export * from './testToken';
export * from './testClient';
export * from './echoProto';
export * from './probes';
export * from './echoServer';
export * from './rpcFixtures';
export * from './testCertificates';
