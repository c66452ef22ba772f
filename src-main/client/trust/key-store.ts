/**
 * Where a profile keeps the private part of its static key. Domain code sees only this interface;
 * the Electron shell supplies one encrypted by the operating system (safeStorage), browser mode
 * and the terminal the file below.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateKeyPair, keyPairFromPrivate, type KeyPair } from '../noise/x25519.js';

export interface KeyStore {
  /** How the key is kept, in words for Settings and `help`. */
  readonly protection: string;
  /** The stored private key, or undefined before the first run. */
  load(): Buffer | undefined;
  save(privateKey: Buffer): void;
}

/** The profile's static key pair: the stored one, or a new one made and stored at first run. */
export function loadOrCreateStaticKey(store: KeyStore): KeyPair {
  const stored = store.load();
  if (stored) return keyPairFromPrivate(stored);
  const created = generateKeyPair();
  store.save(created.privateKey);
  return created;
}

export const FILE_PROTECTION = 'a file only you can read (mode 0600), not encrypted';

/** The key in a file of its own, readable by this user only; tightened again if found looser. */
export class FileKeyStore implements KeyStore {
  readonly protection = FILE_PROTECTION;

  constructor(readonly path: string) {}

  load(): Buffer | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    if (process.platform !== 'win32' && (statSync(this.path).mode & 0o077) !== 0) chmodSync(this.path, 0o600);
    return decodeKeyFile(text, this.path);
  }

  save(privateKey: Buffer): void {
    writePrivateFile(this.path, encodeKeyFile(privateKey));
  }
}

export function encodeKeyFile(privateKey: Buffer): string {
  return `${JSON.stringify({ kind: 'parley-static-key', x25519: privateKey.toString('base64') })}\n`;
}

export function decodeKeyFile(text: string, where: string): Buffer {
  const parsed = JSON.parse(text) as { x25519?: unknown };
  const key = typeof parsed.x25519 === 'string' ? Buffer.from(parsed.x25519, 'base64') : undefined;
  if (key?.length !== 32) throw new Error(`${where} does not hold a static key`);
  return key;
}

/** Writes through a temporary file and a rename, so a crash never leaves half a key. */
export function writePrivateFile(path: string, data: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data, { mode: 0o600 });
  renameSync(temporary, path);
}
