import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src-shared/**/*.test.ts',
      'src-renderer/**/*.test.ts',
      'src-main/**/*.test.ts',
      'tests/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    // Real sockets and scrypt on a loaded 2-core machine: generous per-test budget, no retries.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
