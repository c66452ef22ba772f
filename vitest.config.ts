import { defineConfig } from 'vitest/config';

/** CI sets this to count the results from a JSON report (see .ci/run). */
const jsonReport = process.env['VITEST_JSON_REPORT'];

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
    // No test may send mDNS on a real network: app entry points started by tests do not browse or advertise.
    env: { PARLEY_DISCOVERY: 'off' },
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
  },
});
