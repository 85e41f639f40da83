// Test helpers: imported as @carebridge/event-store/testing, never built into dist/.
export type { EventStoreFixture } from './contractKit';
export { probeRegistry, probeRegistryV1, ProbeRecordedV1, ProbeRecordedV2, SubjectNoted } from './probeEvents';
export { describeEventStoreContract, CONTRACT_CASE_COUNT } from './eventStoreContract';
