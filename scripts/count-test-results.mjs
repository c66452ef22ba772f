// Adds up the passed and failed tests of Vitest's and Playwright's JSON reports into one closing line
// `N passed, N failed`. A report that is missing counts as a failure: that runner did not finish.
import { existsSync, readFileSync } from 'node:fs';

const [vitestReport, playwrightReport] = process.argv.slice(2);
let passed = 0;
let failed = 0;
const missing = [];

if (vitestReport && existsSync(vitestReport)) {
  const r = JSON.parse(readFileSync(vitestReport, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
} else missing.push('vitest');

if (playwrightReport && existsSync(playwrightReport)) {
  const report = JSON.parse(readFileSync(playwrightReport, 'utf8'));
  const s = report.stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected;
} else missing.push('playwright');

if (missing.length > 0) console.error(`(no JSON report from ${missing.join(' and ')})`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(missing.length > 0 ? 1 : 0);
