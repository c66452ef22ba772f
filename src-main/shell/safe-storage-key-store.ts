/**
 * The static key's private part encrypted by the operating system (Electron safeStorage: the
 * Keychain on macOS, DPAPI on Windows, the Secret Service or KWallet on Linux). Where safeStorage
 * has no real backend (Linux without a keyring reports `basic_text`) it falls back to the plain
 * file store and says so, rather than pretending.
 */
import { readFileSync } from 'node:fs';
import type { SafeStorage } from 'electron';
import {
  FileKeyStore,
  decodeKeyFile,
  encodeKeyFile,
  writePrivateFile,
  type KeyStore,
} from '../client/trust/key-store.js';

export const SAFE_STORAGE_PROTECTION =
  'encrypted by the operating system (safeStorage), in a file only you can read';

export function safeStorageKeyStore(
  safeStorage: SafeStorage,
  encryptedPath: string,
  filePath: string,
): KeyStore {
  const usable =
    safeStorage.isEncryptionAvailable() &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text');
  return usable ? new SafeStorageKeyStore(safeStorage, encryptedPath, filePath) : new FileKeyStore(filePath);
}

class SafeStorageKeyStore implements KeyStore {
  readonly protection = SAFE_STORAGE_PROTECTION;

  constructor(
    private readonly safeStorage: SafeStorage,
    private readonly path: string,
    /** A key kept in the plain file by an earlier run (or browser mode) moves in here. */
    private readonly plainPath: string,
  ) {}

  load(): Buffer | undefined {
    let encrypted: Buffer;
    try {
      encrypted = readFileSync(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const plain = new FileKeyStore(this.plainPath).load();
      if (plain) this.save(plain);
      return plain;
    }
    return decodeKeyFile(this.safeStorage.decryptString(encrypted), this.path);
  }

  save(privateKey: Buffer): void {
    writePrivateFile(this.path, this.safeStorage.encryptString(encodeKeyFile(privateKey)));
  }
}
