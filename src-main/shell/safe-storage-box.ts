/**
 * "Remember me" in the desktop app: the password sealed by the operating system's keychain
 * (Electron's safeStorage: Keychain on macOS, DPAPI on Windows, the Secret Service or KWallet on
 * Linux). Where safeStorage would only obfuscate (Linux without a keyring: its `basic_text`
 * backend uses a fixed key), it is not used, and the profile-file box takes over, which the UI
 * then describes truthfully.
 */
import { safeStorage } from 'electron';
import type { SecretBox } from '../app/secret-box.js';

/** The keychain box, or undefined when this system has no real one. Call after app ready. */
export function safeStorageBox(): SecretBox | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return undefined;
  }
  return {
    storage: 'os-keychain',
    seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
