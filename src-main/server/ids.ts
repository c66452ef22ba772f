/** Message ids: unique across restarts (a random boot prefix) and cheap (a counter). */
import { randomBytes } from 'node:crypto';

export class IdGenerator {
  private readonly prefix = randomBytes(6).toString('base64url');
  private counter = 0;

  next(): string {
    return `${this.prefix}.${(this.counter++).toString(36)}`;
  }
}

/** 128 random bits, base64url: private-chat tokens. */
export function newToken(): string {
  return randomBytes(16).toString('base64url');
}

export function newRequestId(): string {
  return randomBytes(9).toString('base64url');
}
