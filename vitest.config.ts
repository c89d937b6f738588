import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Hooks build corpora and run the CLI like tests do; on a shared, loaded machine the 10 s default fails them.
    hookTimeout: 60_000,
    pool: 'forks',
    // A fresh TMPDIR per run, checked empty afterwards (test/temp-root.ts); install Debian's chromium (the
    // report's browser tests) and redis-server (the queue tests) when missing.
    globalSetup: [
      'test/temp-root.ts',
      'test/pipeline/report/chromium-setup.ts',
      'test/pipeline/queue/redis-setup.ts',
    ],
    // Folders made with tempDir() (test/temp.ts) are removed after each test file.
    setupFiles: ['test/temp-setup.ts'],
  },
});
