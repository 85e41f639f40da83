export * from './testToken';
export * from './testClient';
export * from './echoProto';
