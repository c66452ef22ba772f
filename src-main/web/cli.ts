/**
 * `npm run web`: the app core under Node, served to a browser. Prints the address to open (with
 * this launch's token) on a line of its own that starts with http://; logs go to stderr.
 */
import { join } from 'node:path';
import { createAppCore } from '../app/app-core.js';
import { discoveryOption } from '../discovery/mdns-options.js';
import { usageErrorLine } from '../../src-shared/arg-errors.js';
import { parseWebArgs, WEB_HELP_COMMAND, WEB_USAGE, WebUsageError, type WebOptions } from './web-options.js';
import { startWebServer } from './web-server.js';

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
  const core = await createAppCore({ profileDir: options.profileDir, log, ...discoveryOption() });
  let web;
  try {
    web = await startWebServer({ core, port: options.port, rendererDir, log });
  } catch (error) {
    await core.close();
    process.stderr.write(`error: cannot listen on 127.0.0.1:${options.port}: ${String(error)}\n`);
    process.exit(1);
  }
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
