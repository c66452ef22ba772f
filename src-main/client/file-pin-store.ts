/**
 * Pinned server fingerprints in one JSON file (`{"host:port": "SHA256:..."}`), readable by its
 * owner only. Read at each lookup so that two clients of one user see each other's pins; written
 * through a temporary file so a crash never leaves half a file.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { FINGERPRINT_PATTERN } from '../tls/fingerprint.js';
import type { PinStore } from './server-trust.js';

export class FilePinStore implements PinStore {
  constructor(readonly file: string) {}

  get(server: string): string | undefined {
    const value = this.read()[server];
    return typeof value === 'string' && FINGERPRINT_PATTERN.test(value) ? value : undefined;
  }

  set(server: string, fingerprint: string): void {
    this.write({ ...this.read(), [server]: fingerprint });
  }

  /** Forgets a server's pin (the user accepted its new certificate, which is pinned next). */
  forget(server: string): void {
    const pins = this.read();
    if (!(server in pins)) return;
    delete pins[server];
    this.write(pins);
  }

  private write(pins: Record<string, unknown>): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(pins, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.file);
  }

  private read(): Record<string, unknown> {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : {};
    } catch {
      // A damaged file must not be silently overwritten with fewer pins: say so.
      throw new Error(`${this.file} is not valid JSON; fix or remove it to connect with TLS`);
    }
  }
}
