/**
 * Browser mode's token (and its last port), kept in the profile so an open tab still gets in
 * after `npm run web` restarts. It is a secret that lets a page drive the app: the file is readable by its owner
 * only, and `--new-token` replaces it (every open tab is then refused until it is opened again
 * from the printed address).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const WEB_TOKEN_FILE = 'web-token';
const TOKEN = /^[0-9a-f]{32}$/;

export function newWebToken(): string {
  return randomBytes(16).toString('hex');
}

/** The profile's token (made on first use); `rotate` replaces it with a new one. */
export function loadWebToken(profileDir: string, options: { rotate?: boolean } = {}): string {
  const file = join(profileDir, WEB_TOKEN_FILE);
  if (!options.rotate) {
    const stored = readStored(file);
    if (stored !== undefined) {
      // An older copy, or a hand-made one, may be readable by others.
      chmodSync(file, 0o600);
      return stored;
    }
  }
  const token = newWebToken();
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return token;
}

const PORT_FILE = 'web-port';

/** The port browser mode last listened on with this profile, if any. */
export function lastWebPort(profileDir: string): number | undefined {
  try {
    const port = Number(readFileSync(join(profileDir, PORT_FILE), 'utf8').trim());
    return Number.isInteger(port) && port > 0 && port <= 65535 ? port : undefined;
  } catch {
    return undefined;
  }
}

/** Kept so the next start can listen at the same address, which open tabs still have. */
export function saveWebPort(profileDir: string, port: number): void {
  writeFileSync(join(profileDir, PORT_FILE), `${port}\n`, { mode: 0o600 });
}

function readStored(file: string): string | undefined {
  try {
    const text = readFileSync(file, 'utf8').trim();
    return TOKEN.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}
