/**
 * `npm run web`: the app core under Node, served to a browser. Prints the address to open (with
 * the profile's token) on a line of its own that starts with http://; logs go to stderr. A second
 * copy on a profile in use is refused with one line.
 */
import { join } from 'node:path';
import { createAppCore, type AppCore } from '../app/app-core.js';
import { ProfileInUseError } from '../app/profile-lock.js';
import { discoveryOption } from '../discovery/mdns-options.js';
import { usageErrorLine } from '../../src-shared/arg-errors.js';
import { parseWebArgs, WEB_HELP_COMMAND, WEB_USAGE, WebUsageError, type WebOptions } from './web-options.js';
import { startWebServer } from './web-server.js';
import { lastWebPort, loadWebToken, saveWebPort } from './web-token.js';

const rendererDir = join(import.meta.dirname, '..', '..', 'out', 'renderer');

function log(line: string): void {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
}

async function main(): Promise<void> {
  let options: WebOptions;
  try {
    options = parseWebArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof WebUsageError)) throw error;
    process.stderr.write(`${error.message ? usageErrorLine(error.message, WEB_HELP_COMMAND) : WEB_USAGE}\n`);
    process.exit(error.message ? 2 : 0);
  }
  let core: AppCore;
  try {
    core = await createAppCore({ profileDir: options.profileDir, log, ...discoveryOption() });
  } catch (error) {
    if (!(error instanceof ProfileInUseError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(1);
  }
  const token = loadWebToken(options.profileDir, { rotate: options.newToken });
  const last = options.port === undefined ? lastWebPort(options.profileDir) : undefined;
  const port = options.port ?? last ?? 0;
  let web;
  try {
    web = await startWebServer({ core, port, rendererDir, token, log }).catch((error: unknown) => {
      // The last port is only a wish: taken now, any free one will do.
      if (last === undefined) throw error;
      log(`127.0.0.1:${last} is taken now; listening on a free port instead`);
      return startWebServer({ core, port: 0, rendererDir, token, log });
    });
  } catch (error) {
    await core.close();
    process.stderr.write(`error: cannot listen on 127.0.0.1:${port}: ${String(error)}\n`);
    process.exit(1);
  }
  saveWebPort(options.profileDir, web.port);
  process.stdout.write(`Parley browser mode, profile ${options.profileDir}\n`);
  process.stdout.write(`${web.url}\n`);

  let stopping = false;
  const stop = (signal: string): void => {
    // A terminal's Ctrl-C reaches this process both directly and relayed by tsx: close once.
    if (stopping) return;
    stopping = true;
    log(`${signal}: closing`);
    setTimeout(() => {
      log('still closing after 10 s; exiting anyway');
      process.exit(1);
    }, 10_000).unref();
    web
      .close()
      .then(() => core.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log(`error while closing: ${String(error)}`);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
