import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The browser tests poll what the UI shows; the UI refreshes a running job every second,
    // so vitest's default of one second fails them whenever CI's shared cores are busy.
    expect: { poll: { timeout: 15_000 } },
  },
});
