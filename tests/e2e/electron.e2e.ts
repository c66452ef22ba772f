/**
 * Smoke test of the real desktop app through Playwright's `_electron`: the built app starts with a
 * temporary profile, its window opens on app://parley, `window.parley` has exactly the contract's
 * methods and answers over IPC, and the page has no Node (`require`, `process`, `module`).
 * Skips, saying why, where no Electron binary exists (it downloads on the first `npm start`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { API_COMMAND_NAMES } from '../../src-shared/api/index.js';
import { installedElectron } from '../../src-main/shell/launch/electron-binary.js';

const root = resolve(import.meta.dirname, '../..');
const executable = installedElectron(join(root, 'node_modules', 'electron'));

const SKIP_REASON =
  'No Electron binary: node_modules/electron/path.txt is missing (Electron downloads it on the first `npm start`, which needs github.com).';
if (executable === undefined) console.log(`electron.e2e.ts skipped. ${SKIP_REASON}`);
test.skip(executable === undefined, SKIP_REASON);

test.beforeAll(() => {
  // The smoke test runs what `npm start` runs: a fresh electron-vite build.
  const build = spawnSync(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.stdout}\n${build.stderr}`);
});

test('the window opens with window.parley and no Node in the page', async () => {
  const profile = await mkdtemp(join(tmpdir(), 'parley-electron-e2e-'));
  // Chromium's own sandbox refuses to run as root (containers, CI); the renderer sandbox stays on.
  const rootUser = process.getuid?.() === 0;
  const app = await electron.launch({
    executablePath: executable!,
    // `.` is the checkout: package.json's main is out/main/index.js, the built main process.
    args: [...(rootUser ? ['--no-sandbox'] : []), '.', '--profile', profile],
    cwd: root,
  });
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toMatch(/^app:\/\/parley\//);

    const inPage = await page.evaluate(() => {
      const api = (globalThis as unknown as { parley?: Record<string, unknown> }).parley;
      return {
        methods: api === undefined ? [] : Object.keys(api).sort(),
        require: typeof require,
        process: typeof process,
        module: typeof module,
      };
    });
    expect(inPage.methods).toEqual([...API_COMMAND_NAMES, 'on'].sort());
    expect(inPage.require).toBe('undefined');
    expect(inPage.process).toBe('undefined');
    expect(inPage.module).toBe('undefined');

    // One real round trip through the preload, the validated handler and the app core.
    const snapshot = await page.evaluate(async () => {
      const api = (
        globalThis as unknown as { parley: { snapshot: (input: object) => Promise<{ ok: boolean }> } }
      ).parley;
      return api.snapshot({});
    });
    expect(snapshot.ok).toBe(true);

    const window = await app.browserWindow(page);
    const bounds = await window.evaluate((w: import('electron').BrowserWindow) => ({
      min: w.getMinimumSize(),
      visible: w.isVisible(),
    }));
    expect(bounds).toEqual({ min: [800, 560], visible: true });
  } finally {
    await app.close();
    await rm(profile, { recursive: true, force: true });
  }
});
