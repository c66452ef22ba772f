/**
 * The terminal's side of TLS: `--tls on|off|auto` (auto: TLS for any host but this computer, the
 * same rule the server follows for its default, so a default server needs no flag and a password
 * never crosses a network in clear unless `--tls off` was typed), pins in a file of the user's
 * config folder, and the first-use question showing the fingerprint, as SSH asks.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isLoopbackHost } from '../../tls/loopback.js';
import { FilePinStore } from '../file-pin-store.js';
import type { ParleyClient } from '../parley-client.js';
import { ServerTrustError, type ClientTls, type TlsPolicy } from '../server-trust.js';
import type { LineReader } from './line-reader.js';

export type TlsMode = 'on' | 'off' | 'auto';

export interface TerminalTlsOptions {
  readonly mode: TlsMode;
  /** Where pins are kept; the terminal passes known-servers.json in its profile, else `$XDG_CONFIG_HOME/parley/`. */
  readonly knownServersFile?: string;
  /** PEM files of authorities to trust besides the system's. */
  readonly caFiles?: readonly string[];
}

export function defaultKnownServersFile(): string {
  const config = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(config, 'parley', 'known-servers.json');
}

export function parseTlsMode(text: string | undefined): TlsMode {
  if (text === undefined) return 'auto';
  if (text === 'on' || text === 'off' || text === 'auto') return text;
  throw new Error(`--tls is on, off or auto, not "${text}"`);
}

export function usesTls(mode: TlsMode, host: string): boolean {
  return mode === 'on' || (mode === 'auto' && !isLoopbackHost(host));
}

export function terminalTls(
  options: TerminalTlsOptions,
  reader: LineReader,
  print: (line: string) => void,
): TlsPolicy {
  const pins = new FilePinStore(options.knownServersFile ?? defaultKnownServersFile());
  const ca = options.caFiles?.map((file) => readFileSync(file, 'utf8'));
  const tls: ClientTls = {
    pins,
    ...(ca ? { ca } : {}),
    trustFirstUse: async (server, fingerprint) => {
      print(`The server at ${server} is new to this computer. Its certificate fingerprint is`);
      print(`  ${fingerprint}`);
      print("Compare it with the one the server's owner gives you (the server logs it when it starts).");
      for (;;) {
        const answer = (await reader.ask('Trust this server and connect? (yes/no) '))?.trim().toLowerCase();
        if (answer === undefined || answer === 'no' || answer === 'n') return false;
        if (answer === 'yes' || answer === 'y') {
          print(`Pinned ${server} in ${pins.file}`);
          return true;
        }
      }
    },
  };
  return ({ host }) => (usesTls(options.mode, host) ? tls : undefined);
}

/** What to do about a connection refused for trust reasons, after the error itself was printed. */
export function trustAdvice(error: unknown, knownServersFile: string): string | undefined {
  if (!(error instanceof ServerTrustError)) return undefined;
  if (error.failure === 'changed') {
    return `To accept the new certificate after comparing fingerprints, delete the "${error.server}" entry in ${knownServersFile} and connect again.`;
  }
  if (error.failure === 'not-tls') return 'To connect in plain text anyway, start the client with --tls off.';
  return undefined;
}

/** The `server` command: where this client is connected and how the server was trusted. */
export function serverLines(client: ParleyClient): string[] {
  const { host, port } = client.server;
  const identity = client.serverIdentity;
  const state = client.isConnected ? 'connected' : 'not connected';
  const lines = [`Server: ${host}:${port} (${state})`];
  if (!identity || !identity.tls) {
    lines.push(
      isLoopbackHost(host)
        ? 'TLS: off (plain TCP on this computer: nothing crosses the network)'
        : 'TLS: off (plain TCP: anyone on the network path can read this connection)',
    );
    return lines;
  }
  lines.push('TLS: on (TLS 1.3)');
  lines.push(`Fingerprint: ${identity.fingerprint ?? 'unknown'}`);
  const basis = {
    authority: 'its certificate is signed by an authority this computer trusts',
    pinned: 'it matches the fingerprint pinned at the first connection',
    'first-use': 'pinned at this first connection',
    known: 'this program holds its certificate',
    plain: '',
  }[identity.basis];
  lines.push(`Trusted because ${basis}`);
  return lines;
}
