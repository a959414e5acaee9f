import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Why: a test that asserts nothing cannot fail; vitest fails any test that made no `expect` call.
    expect: { requireAssertions: true },
    env: {
      METADATA_SERVER_DETECTION: 'none',
      LOG_LEVEL: 'silent',
    },
  },
});
