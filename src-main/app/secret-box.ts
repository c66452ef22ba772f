/**
 * Sealing a remembered password. The protocol has no session token, so "remember me" has to keep
 * the password itself; never in plain text. The shell seals with the OS keychain (Electron's
 * safeStorage, shell/safe-storage-box.ts). Under Node (browser mode) there is no keychain: the
 * password is sealed with AES-256-GCM under a random key kept in a separate file of the profile,
 * both readable by the user only. That keeps it out of plain sight (a shared screen, a grep, a
 * copied settings file), but anyone who can read the user's files can open it: the UI says so.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a sealed secret's protection comes from, as the UI words it. */
export type SecretStorage = 'os-keychain' | 'profile-file';

export interface SecretBox {
  readonly storage: SecretStorage;
  /** The sealed form, as text. */
  seal(plain: string): string;
  /** Throws when the sealed text can't be opened (another key, tampered). */
  open(sealed: string): string;
}

const KEY_FILE = 'remember.key';

function profileKey(profileDir: string): Buffer {
  const file = join(profileDir, KEY_FILE);
  try {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length === 32) return key;
  } catch {
    // None yet: made below.
  }
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

/** The Node box: AES-256-GCM under a per-profile key file (mode 0600). */
export function profileFileBox(profileDir: string): SecretBox {
  return {
    storage: 'profile-file',
    seal(plain) {
      const key = profileKey(profileDir);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [
        'v1',
        iv.toString('base64'),
        cipher.getAuthTag().toString('base64'),
        body.toString('base64'),
      ].join('.');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || iv === undefined || tag === undefined || body === undefined) {
        throw new Error('not a sealed secret');
      }
      const decipher = createDecipheriv('aes-256-gcm', profileKey(profileDir), Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    },
  };
}
