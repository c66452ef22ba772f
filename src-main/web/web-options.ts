/** `npm run web -- [--port N] [--profile DIR]`: the browser mode's flags. */
import { parseArgs } from 'node:util';
import { describeArgError } from '../../src-shared/arg-errors.js';
import { chooseProfileDir, defaultProfileDir } from '../app/profile-dir.js';

export const WEB_USAGE = `usage: npm run web -- [--port N] [--profile DIR] [--new-token]
  --port       HTTP port on 127.0.0.1 (0: a free one; default: the profile's last one if free,
               so an open tab's address keeps working after a restart, else a free one)
  --profile    profile folder: settings, local history, the embedded server's data
               (default $PARLEY_PROFILE, else the desktop app's: ~/.config/Parley on Linux)
  --new-token  replace the profile's page token: open tabs must be opened again from the
               printed address (the token otherwise stays the same across restarts)`;

/** Where a mistake's one line points. */
export const WEB_HELP_COMMAND = 'npm run web -- --help';

export class WebUsageError extends Error {}

export interface WebOptions {
  /** Undefined: the profile's last port if it is free, else any free one. */
  readonly port: number | undefined;
  readonly profileDir: string;
  /** Replace the profile's page token. */
  readonly newToken: boolean;
}

export function parseWebArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): WebOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        port: { type: 'string' },
        profile: { type: 'string' },
        'new-token': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new WebUsageError(describeArgError(error));
  }
  if (values.help) throw new WebUsageError('');
  const rawPort = values.port;
  if (rawPort !== undefined && (!/^\d+$/.test(rawPort) || Number(rawPort) > 65535)) {
    throw new WebUsageError(`--port must be a whole number from 0 to 65535, got "${rawPort}"`);
  }
  return {
    port: rawPort === undefined ? undefined : Number(rawPort),
    profileDir: chooseProfileDir({
      chosen: values.profile,
      env,
      cwd: process.cwd(),
      defaultDir: defaultProfileDir(env),
    }),
    newToken: values['new-token'] === true,
  };
}
