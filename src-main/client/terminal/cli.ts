/**
 * `npm run client -- [--host H] [--port P]` or the seed's `npm run client -- <host> <port>`:
 * the terminal messenger on stdin and stdout.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeArgError, usageErrorLine } from '../../../src-shared/arg-errors.js';
import { withTlsValue } from '../../tls/tls-flag.js';
import { parseTlsMode } from './server-trust-prompt.js';
import { runTerminal } from './terminal-app.js';

const USAGE =
  'Usage: npm run client -- [--host 127.0.0.1] [--port 5000] [--p2p-port 0] [--profile DIR] [--downloads DIR]\n' +
  '                          [--tls on|off|auto] [--tls-ca FILE] [--known-servers FILE]   (or: <host> <port>)\n' +
  '  --profile  where your private-chat key and the keys of your contacts are kept\n' +
  '             (default $PARLEY_TERMINAL_PROFILE, else ~/.config/parley-terminal); the key file is readable by you only\n' +
  '  --downloads  where files sent to you in private chats are saved (default ~/Downloads/Parley)\n' +
  '  --tls            auto (default): TLS for any host but this computer; on (--tls alone); off\n' +
  '  --tls-ca         also trust the certificate authority in FILE (PEM)\n' +
  '  --known-servers  where pinned server fingerprints are kept (default: known-servers.json in --profile)';
const HELP_COMMAND = 'npm run client -- --help';

/** A mistake in the arguments: one line that names it and points at --help; exit status 2. */
function usageError(what: string): number {
  console.error(usageErrorLine(what, HELP_COMMAND));
  return 2;
}

/** The terminal's profile folder: the static key and pinned peer keys. */
function defaultProfileDir(): string {
  const env = process.env;
  if (env['PARLEY_TERMINAL_PROFILE']) return env['PARLEY_TERMINAL_PROFILE'];
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'parley-terminal');
}

function parsePort(text: string, name: string): number {
  const port = Number(text);
  if (!/^[0-9]+$/.test(text) || port > 65535)
    throw new Error(`${name} must be a port number (0-65535), not "${text}"`);
  return port;
}

async function main(): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: withTlsValue(process.argv.slice(2)),
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'p2p-port': { type: 'string' },
        'hello-timeout-ms': { type: 'string' },
        tls: { type: 'string' },
        'tls-ca': { type: 'string', multiple: true },
        'known-servers': { type: 'string' },
        profile: { type: 'string' },
        downloads: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    }));
  } catch (error) {
    return usageError(describeArgError(error));
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length > 2) return usageError(`unexpected argument ${positionals[2] ?? ''}`);
  let port: number;
  let p2pPort: number | undefined;
  try {
    port = parsePort(values.port ?? positionals[1] ?? '5000', 'port');
    p2pPort = values['p2p-port'] === undefined ? undefined : parsePort(values['p2p-port'], 'p2p-port');
  } catch (error) {
    return usageError((error as Error).message);
  }
  const host = values.host ?? positionals[0] ?? '127.0.0.1';
  const helloTimeout = values['hello-timeout-ms'];
  let tlsMode;
  try {
    tlsMode = parseTlsMode(values.tls);
  } catch (error) {
    return usageError((error as Error).message);
  }
  const knownServers = values['known-servers'];
  const caFiles = values['tls-ca'];
  try {
    return await runTerminal({
      host,
      port,
      input: process.stdin,
      output: process.stdout,
      interactive: process.stdin.isTTY === true,
      tls: {
        mode: tlsMode,
        ...(knownServers === undefined ? {} : { knownServersFile: knownServers }),
        ...(caFiles === undefined ? {} : { caFiles }),
      },
      profileDir: values.profile ?? defaultProfileDir(),
      ...(values.downloads === undefined ? {} : { downloadsFolder: values.downloads }),
      p2p: {
        ...(p2pPort === undefined ? {} : { port: p2pPort }),
        ...(helloTimeout === undefined ? {} : { helloTimeoutMs: Number(helloTimeout) }),
      },
    });
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return 1;
  }
}

// Exit explicitly: stdin stays referenced until the process leaves.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
