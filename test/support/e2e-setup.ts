// Runs before each e2e test file (jest setupFilesAfterEnv).
import { stopAllChildren } from './child-registry';

// Building a network and waiting for switches to (re)connect takes seconds on a
// shared 2-core machine, so hooks and tests get a generous limit; no test asserts on
// speed.
jest.setTimeout(120_000);

// Safety net: whatever a test file started and did not stop (a beforeAll that timed
// out, a failed afterAll) is stopped before the next file starts.
afterAll(async () => {
  await stopAllChildren();
});
