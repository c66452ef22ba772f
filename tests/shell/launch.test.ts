/**
 * The start script's failure path, run for real: no Electron binary can be downloaded (the mirror
 * points at a closed local port, as with no internet), and no Electron headers either.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { installedElectron } from '../../src-main/shell/launch/electron-binary.js';
import { ensureElectronNative, gypFailure } from '../../src-main/shell/launch/native-build.js';
import { ROOT, runNode, type NodeRun } from '../helpers/run-node.js';

const electronDir = join(ROOT, 'node_modules', 'electron');
const hasElectron = installedElectron(electronDir) !== undefined;

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function runCli(mode: string, env: NodeJS.ProcessEnv): Promise<NodeRun> {
  return runNode(['--import', 'tsx', join(ROOT, 'src-main/shell/launch/cli.ts'), mode], env);
}

/**
 * No network for Electron's download: its mirror is a closed local port, and its cache an empty
 * folder (a cached zip would otherwise be unpacked into the shared node_modules).
 */
const caches: string[] = [];
afterAll(() => {
  for (const dir of caches.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function offline(port: number): NodeJS.ProcessEnv {
  const cache = mkdtempSync(join(tmpdir(), 'parley-electron-cache-'));
  caches.push(cache);
  return { ELECTRON_MIRROR: `http://127.0.0.1:${port}/`, electron_config_cache: cache };
}

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('npm start / dev / dist without an Electron binary', () => {
  // On a machine where Electron is installed the script goes on to launch it; this path can't happen there.
  it.skipIf(hasElectron).each(['start', 'dev'])(
    '%s ends with one message naming the browser mode and the headless server, exit 1, no stack',
    async (mode) => {
      const port = await closedPort();
      const { code, output } = await runCli(mode, offline(port));
      expect(code).toBe(1);
      expect(output).toContain('npm run web');
      expect(output).toContain('npm run server');
      expect(output).toMatch(
        /Electron binary could not be downloaded \(no connection to its download server\)/,
      );
      expect(output).not.toMatch(/^\s+at /m);
      expect(existsSync(join(electronDir, 'path.txt'))).toBe(false);
    },
  );

  it.skipIf(hasElectron)('dist says what packaging needs and that nothing was packaged', async () => {
    const port = await closedPort();
    const { code, output } = await runCli('dist', offline(port));
    expect(code).toBe(1);
    expect(output).toMatch(/can't package Parley here/);
    expect(output).toMatch(/Nothing was packaged/);
    expect(output).not.toMatch(/^\s+at /m);
  });
});

describe('the Electron build of better-sqlite3', () => {
  let outDir: string | undefined;
  afterEach(async () => {
    if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
  });

  it("fails clearly without Electron's headers, leaves nothing behind and never touches Node's build", async () => {
    outDir = await mkdtemp(join(tmpdir(), 'parley-native-test-'));
    const nodeBuild = join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    const before = sha(nodeBuild);
    const port = await closedPort();
    const headersUrl = `http://127.0.0.1:${port}/headers`;
    const outcome = await ensureElectronNative({
      outDir,
      electronVersion: '45.5.0',
      headersUrl,
      // The machine's npm config sets nodedir; the build must ignore it and ask for Electron's headers.
      env: { ...process.env, npm_config_nodedir: '/usr' },
    });
    expect(outcome).toEqual({
      ok: false,
      reason: `better-sqlite3 could not be built for Electron 45.5.0 (Electron's headers could not be downloaded from ${headersUrl})`,
    });
    expect(await readdir(outDir)).toEqual([]);
    expect(sha(nodeBuild)).toBe(before);
  });

  it('reduces a compiler failure to its error line', () => {
    expect(gypFailure('gyp info x\n../src/a.cpp:1:2: error: no member named y\ngyp ERR! not ok', 'u')).toBe(
      '../src/a.cpp:1:2: error: no member named y',
    );
  });
});
