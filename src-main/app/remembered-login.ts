/**
 * "Remember me": one remembered login per profile (the server it was for, the username and the
 * sealed password) in remembered-login.json, readable by the user only. Logging out, "Forget me"
 * and a password the server no longer takes all delete it.
 */
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { SecretBox } from './secret-box.js';

const FILE = 'remembered-login.json';

const stored = z.object({
  /** The server this login is for, as settings name it (`embedded` or host:port). */
  server: z.string().min(1).max(300),
  username: z.string().min(1).max(32),
  storage: z.enum(['os-keychain', 'profile-file']),
  sealed: z.string().min(1).max(4096),
});

export interface RememberedLogin {
  readonly username: string;
  readonly password: string;
}

export class RememberedLogins {
  private readonly file: string;

  constructor(
    profileDir: string,
    private readonly box: SecretBox,
  ) {
    this.file = join(profileDir, FILE);
  }

  get storage(): SecretBox['storage'] {
    return this.box.storage;
  }

  /** Who is remembered for `server`, without opening the password. */
  username(server: string): string | undefined {
    const entry = this.read();
    return entry?.server === server ? entry.username : undefined;
  }

  /** The remembered login for `server`, or undefined (none, another server, or it can't be opened). */
  get(server: string): RememberedLogin | undefined {
    const entry = this.read();
    if (entry?.server !== server || entry.storage !== this.box.storage) return undefined;
    try {
      return { username: entry.username, password: this.box.open(entry.sealed) };
    } catch {
      return undefined;
    }
  }

  save(server: string, username: string, password: string): void {
    const entry = { server, username, storage: this.box.storage, sealed: this.box.seal(password) };
    writeFileSync(this.file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    chmodSync(this.file, 0o600);
  }

  /** Returns whether there was anything to forget. */
  forget(): boolean {
    const had = this.read() !== undefined;
    rmSync(this.file, { force: true });
    return had;
  }

  private read(): z.infer<typeof stored> | undefined {
    try {
      const parsed = stored.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }
}
