export * from './types';
export * from './traceContext';
export * from './kafka/kafkaBus';
export * from './kafka/kafkaSecurity';
export * from './embedded/embeddedBus';
export * from './topicNamespace';
