import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Hooks build corpora and run the CLI like tests do; on a shared, loaded machine the 10 s default fails them.
    hookTimeout: 60_000,
    pool: 'forks',
    // Install Debian's chromium (the report's browser tests) and redis-server (the queue tests) when missing.
    globalSetup: ['test/pipeline/report/chromium-setup.ts', 'test/pipeline/queue/redis-setup.ts'],
  },
});
