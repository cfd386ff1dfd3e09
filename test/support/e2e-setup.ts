// Runs before each e2e test file (jest setupFilesAfterEnv). Building a network and
// waiting for switches to (re)connect takes seconds on a shared 2-core machine, so
// hooks and tests get a generous limit; no test asserts on speed.
jest.setTimeout(120_000);
