// Integration tests talk to real servers on a shared 2-core machine: a generous default per test.
// (A project-level `testTimeout` in jest.config.js is not applied by jest 30, so it is set here.)
jest.setTimeout(120_000);
