/**
 * `npm start` / `npm run dev` / `npm run dist`: fetch the Electron binary if missing, build
 * better-sqlite3 for Electron (apart from Node's build), then build and launch, run the dev
 * server, or package. Where a step can't be done (no internet), one short message and exit 1.
 * Usage: tsx src-main/shell/launch/cli.ts start|dev|dist [arguments for Electron or electron-builder]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ELECTRON_NATIVE_DIR } from '../shell-paths.js';
import { ensureElectronBinary } from './electron-binary.js';
import { cannotLaunchMessage, type LaunchMode } from './messages.js';
import { ELECTRON_HEADERS_URL, ensureElectronNative } from './native-build.js';

const root = resolve(import.meta.dirname, '../../..');
const electronDir = join(root, 'node_modules', 'electron');
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);

function parseMode(value: string | undefined): LaunchMode | undefined {
  return value === 'start' || value === 'dev' || value === 'dist' ? value : undefined;
}

/** Runs a tool with the terminal attached; resolves with its exit code. */
function runAttached(command: string, args: readonly string[]): Promise<number> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: process.env });
    child.on('error', (error) => {
      console.error(`Could not run ${command}: ${error.message}`);
      done(1);
    });
    child.on('close', (code, signal) => done(code ?? (signal === null ? 1 : 128)));
  });
}

async function main(): Promise<number> {
  const mode = parseMode(process.argv[2]);
  const rest = process.argv.slice(3);
  if (mode === undefined) {
    console.error('usage: cli.ts start|dev|dist [arguments]');
    return 2;
  }

  console.log('Checking for the Electron binary…');
  const binary = await ensureElectronBinary(electronDir, process.env);
  if (!binary.ok) {
    console.error(cannotLaunchMessage(mode, binary.reason));
    return 1;
  }

  const electronVersion = (
    JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version: string }
  ).version;
  console.log(`Building better-sqlite3 for Electron ${electronVersion} (once)…`);
  const native = await ensureElectronNative({
    outDir: join(root, ELECTRON_NATIVE_DIR),
    electronVersion,
    headersUrl: process.env.PARLEY_ELECTRON_HEADERS_URL ?? ELECTRON_HEADERS_URL,
    env: process.env,
  });
  if (!native.ok) {
    console.error(cannotLaunchMessage(mode, native.reason));
    return 1;
  }

  if (mode === 'dev')
    return runAttached(bin('electron-vite'), ['dev', ...(rest.length > 0 ? ['--', ...rest] : [])]);
  const built = await runAttached(bin('electron-vite'), ['build']);
  if (built !== 0) return built;
  if (mode === 'dist')
    return runAttached(bin('electron-builder'), ['--config', 'electron-builder.yml', ...rest]);
  if (process.getuid?.() === 0 && !rest.includes('--no-sandbox')) {
    // Chromium refuses to run as root with its sandbox on; turning it off is the user's call.
    console.log('Running as root: Electron will refuse to start unless you add `-- --no-sandbox`.');
  }
  return runAttached(binary.detail, ['.', ...rest]);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
