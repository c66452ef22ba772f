/**
 * better-sqlite3 for Electron's ABI, built apart from Node's copy: the sources are copied to a
 * temporary folder, compiled with node-gyp against Electron's headers, and only the finished
 * .node lands in build/native/electron/ (which the shell passes as `nativeBinding`). Node's
 * build in node_modules, which the tests use, is never touched.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile, copyFile, rename } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { runQuietly, firstErrorLine, type Outcome } from './electron-binary.js';

export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';
const STAMP_FILE = 'build-info.json';

export interface NativeBuildOptions {
  /** Where better_sqlite3.node and its stamp go (build/native/electron in a checkout). */
  readonly outDir: string;
  readonly electronVersion: string;
  readonly headersUrl: string;
  readonly env: NodeJS.ProcessEnv;
  readonly arch?: string;
}

function packageDir(name: string): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve(`${name}/package.json`));
}

/** True when the folder already holds a build for this Electron version and architecture. */
export async function isNativeBuildCurrent(options: NativeBuildOptions): Promise<boolean> {
  if (!existsSync(join(options.outDir, 'better_sqlite3.node'))) return false;
  try {
    const stamp = JSON.parse(await readFile(join(options.outDir, STAMP_FILE), 'utf8')) as Record<
      string,
      unknown
    >;
    return stamp.electron === options.electronVersion && stamp.arch === (options.arch ?? process.arch);
  } catch {
    return false;
  }
}

export async function ensureElectronNative(options: NativeBuildOptions): Promise<Outcome> {
  if (await isNativeBuildCurrent(options)) return { ok: true, detail: 'up to date' };
  const arch = options.arch ?? process.arch;
  const source = packageDir('better-sqlite3');
  const work = await mkdtemp(join(tmpdir(), 'parley-native-'));
  try {
    for (const part of ['binding.gyp', 'src', 'deps', 'package.json']) {
      await cp(join(source, part), join(work, part), { recursive: true });
    }
    // npm hands scripts `npm_config_nodedir` from the user's npm config; node-gyp would then build
    // against that Node's headers and the result would not load in Electron. Electron's only.
    const env = Object.fromEntries(
      Object.entries(options.env).filter(
        ([key]) => !/^npm_config_(nodedir|target|dist_url|runtime|arch)$/i.test(key),
      ),
    );
    const nodeGyp = join(packageDir('node-gyp'), 'bin', 'node-gyp.js');
    const run = await runQuietly(
      process.execPath,
      [
        nodeGyp,
        'rebuild',
        '--release',
        `--target=${options.electronVersion}`,
        `--arch=${arch}`,
        `--dist-url=${options.headersUrl}`,
        `--devdir=${join(tmpdir(), 'parley-electron-gyp')}`,
      ],
      { cwd: work, env },
    );
    const built = join(work, 'build', 'Release', 'better_sqlite3.node');
    if (run.code !== 0 || !existsSync(built)) {
      return {
        ok: false,
        reason: `better-sqlite3 could not be built for Electron ${options.electronVersion} (${gypFailure(run.output, options.headersUrl)})`,
      };
    }
    await mkdir(options.outDir, { recursive: true });
    const partial = join(options.outDir, 'better_sqlite3.node.partial');
    await copyFile(built, partial);
    await rename(partial, join(options.outDir, 'better_sqlite3.node'));
    await writeFile(
      join(options.outDir, STAMP_FILE),
      `${JSON.stringify({ electron: options.electronVersion, arch, headers: options.headersUrl }, null, 2)}\n`,
    );
    return { ok: true, detail: join(options.outDir, 'better_sqlite3.node') };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** node-gyp's long report, reduced to what a person can act on. */
export function gypFailure(output: string, headersUrl: string): string {
  if (/network connectivity|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|fetch failed/i.test(output)) {
    return `Electron's headers could not be downloaded from ${headersUrl}`;
  }
  const compilerError = output.split('\n').find((line) => /\berror\b:/.test(line) && !line.startsWith('gyp'));
  return compilerError?.trim() ?? firstErrorLine(output);
}
