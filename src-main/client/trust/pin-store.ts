/**
 * The peers' static keys this profile has seen, per (server address, username), as SSH keeps
 * known hosts: the first key seen is pinned; a different one later is refused until the user,
 * having compared safety numbers, accepts it. Marking a contact verified records that they did
 * compare; a verified contact's new key is refused the same way and loses "verified" on accept.
 */
import { readFileSync } from 'node:fs';
import { writePrivateFile } from './key-store.js';

export interface Pin {
  /** The pinned X25519 public key, hex. */
  readonly key: string;
  readonly verified: boolean;
  readonly pinnedAt: number;
}

export type PinVerdict = 'new' | 'same' | 'changed';

interface PinFile {
  readonly pins: Record<string, Pin>;
}

export class PinStore {
  private readonly pins = new Map<string, Pin>();
  /** A changed key last offered by each peer, kept (in memory) so the user can accept it. */
  private readonly offered = new Map<string, string>();

  /** Without a path the pins live as long as the process (tests, throwaway clients). */
  constructor(private readonly path?: string) {
    if (!path) return;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const file = JSON.parse(text) as PinFile;
    for (const [id, pin] of Object.entries(file.pins)) this.pins.set(id, pin);
  }

  get(server: string, user: string): Pin | undefined {
    return this.pins.get(pinId(server, user));
  }

  /** The new key `user` presented and the user has not accepted yet, if any. */
  offeredKey(server: string, user: string): string | undefined {
    return this.offered.get(pinId(server, user));
  }

  /** Checks a key presented by `user`; a first key is pinned at once, a changed one is remembered. */
  check(server: string, user: string, key: Buffer): PinVerdict {
    const id = pinId(server, user);
    const hex = key.toString('hex');
    const pin = this.pins.get(id);
    if (!pin) {
      this.set(id, { key: hex, verified: false, pinnedAt: Date.now() });
      return 'new';
    }
    if (pin.key === hex) {
      this.offered.delete(id);
      return 'same';
    }
    this.offered.set(id, hex);
    return 'changed';
  }

  /** Pins the changed key `user` offered; false when there is none. */
  acceptOffered(server: string, user: string): boolean {
    const id = pinId(server, user);
    const key = this.offered.get(id);
    if (key === undefined) return false;
    this.offered.delete(id);
    this.set(id, { key, verified: false, pinnedAt: Date.now() });
    return true;
  }

  /** False when no key of `user` is pinned yet. */
  setVerified(server: string, user: string, verified: boolean): boolean {
    const id = pinId(server, user);
    const pin = this.pins.get(id);
    if (!pin) return false;
    this.set(id, { ...pin, verified });
    return true;
  }

  private set(id: string, pin: Pin): void {
    this.pins.set(id, pin);
    if (this.path)
      writePrivateFile(this.path, `${JSON.stringify({ pins: Object.fromEntries(this.pins) }, null, 2)}\n`);
  }
}

function pinId(server: string, user: string): string {
  return `${server} ${user}`;
}
