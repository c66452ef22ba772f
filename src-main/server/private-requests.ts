/** Private-chat requests waiting for the recipient's answer, with their 60-second expiry. */
import { newRequestId } from './ids.js';

export interface PrivateRequest {
  readonly requestId: string;
  readonly from: string;
  readonly to: string;
  readonly createdAt: number;
  /** Server ms when it times out: told to the recipient so its dialog can show a countdown. */
  readonly expiresAt: number;
}

export class PrivateRequests {
  private readonly byId = new Map<string, PrivateRequest>();

  constructor(private readonly ttlMs: number) {}

  create(from: string, to: string, now: number): PrivateRequest {
    const request = { requestId: newRequestId(), from, to, createdAt: now, expiresAt: now + this.ttlMs };
    this.byId.set(request.requestId, request);
    return request;
  }

  /** A request still waiting between the two users, in either direction. */
  pendingBetween(a: string, b: string): PrivateRequest | undefined {
    for (const request of this.byId.values()) {
      if ((request.from === a && request.to === b) || (request.from === b && request.to === a))
        return request;
    }
    return undefined;
  }

  /** Takes the request out if `recipient` may answer it. */
  take(requestId: string, recipient: string): PrivateRequest | undefined {
    const request = this.byId.get(requestId);
    if (!request || request.to !== recipient) return undefined;
    this.byId.delete(requestId);
    return request;
  }

  /** Takes the request out if `requester` sent it (to cancel it). */
  takeFrom(requestId: string, requester: string): PrivateRequest | undefined {
    const request = this.byId.get(requestId);
    if (!request || request.from !== requester) return undefined;
    this.byId.delete(requestId);
    return request;
  }

  /** Removes and returns the requests older than the time to live. */
  expire(now: number): PrivateRequest[] {
    return this.removeWhere((request) => now >= request.expiresAt);
  }

  /** Removes and returns every request the user sent or received. */
  removeUser(username: string): PrivateRequest[] {
    return this.removeWhere((request) => request.from === username || request.to === username);
  }

  private removeWhere(test: (request: PrivateRequest) => boolean): PrivateRequest[] {
    const removed: PrivateRequest[] = [];
    for (const request of this.byId.values()) {
      if (test(request)) {
        removed.push(request);
        this.byId.delete(request.requestId);
      }
    }
    return removed;
  }
}
