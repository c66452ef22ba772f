/**
 * Which profile folder this copy of the app uses: `--profile DIR`, then PARLEY_PROFILE, then the
 * platform's default. Each profile is one user (settings, history, the embedded server's data)
 * and one single-instance lock, so two copies with two profiles run side by side.
 */
import { isAbsolute, resolve } from 'node:path';

export const PROFILE_ENV = 'PARLEY_PROFILE';

export class ProfileArgumentError extends Error {}

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

/** The absolute profile folder; relative choices are taken from `cwd`. */
export function resolveProfileDir(options: {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  defaultDir: string;
}): string {
  const chosen = profileArgument(options.argv) ?? nonEmpty(options.env[PROFILE_ENV]);
  if (chosen === undefined) return options.defaultDir;
  return isAbsolute(chosen) ? resolve(chosen) : resolve(options.cwd, chosen);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
