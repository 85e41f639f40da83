import { consumerContract } from '../testing/consumerContract';
import { createEmbeddedBus } from './embeddedBus';

// The embedded bus needs no engine, but runs with the integration level because the cases wait on consumers.
consumerContract('embedded (SQLite log, in-process groups)', {
  open: () => Promise.resolve(createEmbeddedBus({ path: ':memory:', pollIntervalMs: 50 })),
});
