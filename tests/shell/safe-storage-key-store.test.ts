/**
 * The shell's key store over an object with safeStorage's shape. Electron's own safeStorage needs
 * a running app and a keyring, so a reversible stand-in plays the operating system here: what is
 * under test is the store (what it writes, reads, migrates and falls back to), not the OS cipher.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FileKeyStore,
  FILE_PROTECTION,
  loadOrCreateStaticKey,
} from '../../src-main/client/trust/key-store.js';
import { generateKeyPair } from '../../src-main/client/noise/x25519.js';
import { SAFE_STORAGE_PROTECTION, safeStorageKeyStore } from '../../src-main/shell/safe-storage-key-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function paths(): { encrypted: string; plain: string } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-safe-storage-'));
  dirs.push(dir);
  return { encrypted: join(dir, 'static-key.enc'), plain: join(dir, 'static-key.json') };
}

/** A stand-in with safeStorage's methods: bytes reversed and xored, so nothing readable is stored. */
function standIn(available = true, backend = 'gnome_libsecret'): SafeStorage {
  const flip = (data: Buffer): Buffer => Buffer.from(data.map((byte) => byte ^ 0x5a).reverse());
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (text: string) => flip(Buffer.from(text, 'utf8')),
    decryptString: (data: Buffer) => flip(data).toString('utf8'),
  } as unknown as SafeStorage;
}

describe('the safeStorage key store', () => {
  it('keeps the key only encrypted, in a 0600 file, and reads the same key back', () => {
    const { encrypted, plain } = paths();
    const store = safeStorageKeyStore(standIn(), encrypted, plain);
    expect(store.protection).toBe(SAFE_STORAGE_PROTECTION);
    const keys = loadOrCreateStaticKey(store);
    const stored = readFileSync(encrypted);
    expect(stored.toString('latin1')).not.toContain(keys.privateKey.toString('base64'));
    if (process.platform !== 'win32') expect(statSync(encrypted).mode & 0o777).toBe(0o600);
    const again = loadOrCreateStaticKey(safeStorageKeyStore(standIn(), encrypted, plain));
    expect(again.publicKey.equals(keys.publicKey)).toBe(true);
  });

  it('moves a key kept in the plain file (browser mode, an earlier run) into the encrypted one', () => {
    const { encrypted, plain } = paths();
    const earlier = generateKeyPair();
    new FileKeyStore(plain).save(earlier.privateKey);
    const keys = loadOrCreateStaticKey(safeStorageKeyStore(standIn(), encrypted, plain));
    expect(keys.publicKey.equals(earlier.publicKey)).toBe(true);
    expect(statSync(encrypted).isFile()).toBe(true);
  });

  it('falls back to the plain file, and says so, when the OS offers no real encryption', () => {
    for (const fallback of [standIn(false), standIn(true, 'basic_text')]) {
      if (process.platform !== 'linux' && fallback.isEncryptionAvailable()) continue;
      const { encrypted, plain } = paths();
      const store = safeStorageKeyStore(fallback, encrypted, plain);
      expect(store.protection).toBe(FILE_PROTECTION);
      loadOrCreateStaticKey(store);
      expect(statSync(plain).isFile()).toBe(true);
    }
  });
});
