// `npm test`: every test. Vitest (unit and integration, real sockets and SQLite) first, then the
// Playwright specs (browser mode in Debian Chromium). Both always run, so one failing doesn't hide
// the other's results; the exit code is non-zero when either failed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const steps = [
  ['vitest', ['exec', '--', 'vitest', 'run', ...process.argv.slice(2)]],
  ['playwright', ['run', 'test:e2e']],
];

const chromium = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';
const failed = [];
for (const [name, args] of steps) {
  if (name === 'playwright' && !existsSync(chromium)) {
    // Playwright can't download its own browser here: the specs use the system's Chromium.
    console.error(
      `\nnpm test: the Playwright specs need Chromium at ${chromium}, which is missing.\n` +
        'Install it with `sudo apt-get install chromium` (Debian/Ubuntu), or point PARLEY_CHROMIUM at one.',
    );
    failed.push(name);
    continue;
  }
  const { status, error } = spawnSync(npm, args, { stdio: 'inherit' });
  if (error || status !== 0) failed.push(name);
}
if (failed.length > 0) {
  console.error(`\nnpm test: ${failed.join(' and ')} failed`);
  process.exit(1);
}
