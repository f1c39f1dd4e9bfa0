import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/global-setup.ts'],
    // English by default (the suites assert English words); the language tests ask for 'id'.
    setupFiles: ['test/setup-language.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: forks keep native addons (better-sqlite3, serialport) isolated per file.
    pool: 'forks',
    // Most suites wait on child processes, sockets and timers rather than the CPU: two workers on
    // two cores keep the whole run well under five minutes.
    maxWorkers: 2,
  },
});
