// Runs before each integration test file (jest setupFilesAfterEnv).
//
// Integration tests start real processes (Redis, controllers, agents) and make TLS
// certificates with openssl: seconds of work on a shared 2-core machine, where jest's
// 5 s default timed out hooks twice in one CI run while the tests themselves passed
// everywhere else. No test asserts on speed, so hooks and tests get a generous limit;
// a test that waits for something that never happens still fails, only later.
jest.setTimeout(30_000);
