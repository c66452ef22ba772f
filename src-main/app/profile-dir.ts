/**
 * Which profile folder a copy of Parley uses, the desktop app and browser mode alike:
 * `--profile DIR`, then PARLEY_PROFILE, then the platform's per-user folder for Parley (the one
 * Electron calls userData). Each profile is one user (settings, history, the embedded server's
 * data) and one running copy (profile-lock.ts), so two copies with two profiles run side by side,
 * and the app and `npm run web` on one computer find the same profile.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

export const PROFILE_ENV = 'PARLEY_PROFILE';
const APP_NAME = 'Parley';

export class ProfileArgumentError extends Error {}

type Env = Readonly<Record<string, string | undefined>>;

/** The `--profile` value from a command line, if any (`--profile DIR` or `--profile=DIR`). */
export function profileArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--profile') {
      const value = argv[i + 1];
      if (value === undefined || value === '' || value.startsWith('--')) {
        throw new ProfileArgumentError('--profile needs a folder, e.g. --profile ~/parley-alice');
      }
      return value;
    }
    if (arg?.startsWith('--profile=')) {
      const value = arg.slice('--profile='.length);
      if (value === '')
        throw new ProfileArgumentError('--profile needs a folder, e.g. --profile=~/parley-alice');
      return value;
    }
  }
  return undefined;
}

/** The platform's per-user folder for Parley: what Electron's app.getPath('userData') gives. */
export function platformProfileDir(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return join(nonEmpty(env.APPDATA) ?? join(home, 'AppData', 'Roaming'), APP_NAME);
  return join(nonEmpty(env.XDG_CONFIG_HOME) ?? join(home, '.config'), APP_NAME);
}

/**
 * The default profile. Browser mode used to default to $XDG_CONFIG_HOME/parley or ~/.parley: a
 * profile already there (and none at the shared place) stays in use, so nobody loses a history.
 */
export function defaultProfileDir(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
  exists: (dir: string) => boolean = existsSync,
): string {
  const shared = platformProfileDir(env, platform, home);
  if (exists(shared)) return shared;
  const xdg = nonEmpty(env.XDG_CONFIG_HOME);
  const legacy = [...(xdg === undefined ? [] : [join(xdg, 'parley')]), join(home, '.parley')];
  return legacy.find((dir) => dir !== shared && exists(dir)) ?? shared;
}

/** The absolute profile folder: `chosen` (a flag's value), else PARLEY_PROFILE, else `defaultDir`. */
export function chooseProfileDir(options: {
  chosen: string | undefined;
  env: Env;
  cwd: string;
  defaultDir: string;
}): string {
  const chosen = options.chosen ?? nonEmpty(options.env[PROFILE_ENV]);
  if (chosen === undefined) return options.defaultDir;
  return isAbsolute(chosen) ? resolve(chosen) : resolve(options.cwd, chosen);
}

/** The same from a whole command line (Electron's, with Chromium's own flags in it). */
export function resolveProfileDir(options: {
  argv: readonly string[];
  env: Env;
  cwd: string;
  defaultDir: string;
}): string {
  return chooseProfileDir({ ...options, chosen: profileArgument(options.argv) });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
