/** `npm run web -- [--port N] [--profile DIR]`: the browser mode's flags. */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeArgError } from '../../src-shared/arg-errors.js';

export const WEB_USAGE = `usage: npm run web -- [--port N] [--profile DIR]
  --port     HTTP port on 127.0.0.1 (default 0: a free one; the printed address tells which)
  --profile  profile folder: settings, local history, the embedded server's data
             (default $PARLEY_PROFILE, else $XDG_CONFIG_HOME/parley, else ~/.parley)`;

/** Where a mistake's one line points. */
export const WEB_HELP_COMMAND = 'npm run web -- --help';

export class WebUsageError extends Error {}

export interface WebOptions {
  readonly port: number;
  readonly profileDir: string;
}

export function defaultProfileDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PARLEY_PROFILE) return resolve(env.PARLEY_PROFILE);
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'parley');
  return join(homedir(), '.parley');
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
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new WebUsageError(describeArgError(error));
  }
  if (values.help) throw new WebUsageError('');
  const rawPort = values.port ?? '0';
  if (!/^\d+$/.test(rawPort) || Number(rawPort) > 65535) {
    throw new WebUsageError(`--port must be a whole number from 0 to 65535, got "${rawPort}"`);
  }
  return {
    port: Number(rawPort),
    profileDir: values.profile === undefined ? defaultProfileDir(env) : resolve(values.profile),
  };
}
