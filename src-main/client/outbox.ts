/**
 * Messages this user sends, through the server or peer to peer: each enters its conversation as
 * `sending` at once, then settles as delivered, stored, sent or refused (with the reason).
 *
 * Server messages written while the connection is down, or cut off by it going, wait as `queued`
 * and go out by themselves once the client is logged in again: each once, in the order they were
 * written. While any wait, later ones line up behind them, so a conversation never reorders.
 * Private messages go peer to peer and have no queue: a failed one is `failed` (retry sends it
 * again), and so is a queued one left behind by a logout.
 */
import type { ChatMessage, MessageKind } from '../../src-shared/api/model.js';
import { Status, type ResponseBody } from '../../src-shared/protocol/index.js';
import type { ChatModel, SettleUpdate } from './chat-model.js';
import { NO_STATUS, ParleyError, errorMessage, isParleyError } from './parley-error.js';

export interface OutboxOptions {
  readonly model: ChatModel;
  readonly sendDirect: (to: string, text: string) => Promise<ResponseBody<'message'>>;
  readonly sendBroadcast: (text: string) => Promise<ResponseBody<'broadcast'>>;
  readonly sendPrivate: (user: string, text: string) => Promise<{ id: string; ts: number }>;
  /** Logged in on a live connection: a message can go now. */
  readonly canSend: () => boolean;
  /** Not logged in now, but the session is expected back (a reconnect or the next login): a message may wait. */
  readonly mayWait: () => boolean;
  readonly onAdded: (message: ChatMessage) => void;
  readonly onUpdated: (message: ChatMessage, localId: string) => void;
}

type ServerKind = Exclude<MessageKind, 'private'>;

/** A server message as it came out: `skipped` for a broadcast the server took. */
interface Sent {
  readonly message: ChatMessage;
  readonly skipped?: number;
}

interface Waiter {
  readonly resolve: (sent: Sent) => void;
  readonly reject: (error: unknown) => void;
}

interface Entry {
  message: ChatMessage;
  /** Callers still waiting for the server's answer (none once they were told it is queued). */
  readonly waiters: Waiter[];
}

type Outcome =
  | (Sent & { readonly kind: 'sent' })
  | { readonly kind: 'refused'; readonly error: unknown }
  | { readonly kind: 'lost' };

export class Outbox {
  private readonly queue: Entry[] = [];
  private flushing = false;

  constructor(private readonly options: OutboxOptions) {}

  /** Messages waiting for the connection, oldest first. */
  get queued(): ChatMessage[] {
    return this.queue.map((entry) => entry.message).filter((message) => message.state === 'queued');
  }

  /** Resolves with the message as the server took it, or as `queued` when it waits for the connection. */
  async direct(to: string, text: string): Promise<ChatMessage> {
    return (await this.submit(this.add('direct', to, text))).message;
  }

  /** `skipped` is 0 for a broadcast that waits: nobody was skipped yet. */
  async broadcast(text: string): Promise<{ message: ChatMessage; skipped: number }> {
    const { message, skipped } = await this.submit(this.add('broadcast', undefined, text));
    return { message, skipped: skipped ?? 0 };
  }

  private(user: string, text: string): Promise<ChatMessage> {
    return this.sendPrivate(this.add('private', user, text));
  }

  /** Sends again a message whose send failed (state `failed`); it may wait like a new one. */
  async retry(localId: string): Promise<ChatMessage> {
    const failed = this.options.model.find(localId);
    if (!failed || failed.direction !== 'out') throw new ParleyError(Status.notFound, 'no such message');
    if (failed.state !== 'failed') {
      throw new ParleyError(Status.conflict, 'only a message whose sending failed can be sent again');
    }
    const pending = this.settle(failed, { state: 'sending' });
    if (pending.kind === 'private') return this.sendPrivate(pending);
    return (await this.submit(pending)).message;
  }

  /** Sends what waits, in order, while the session is up; call after every login. */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (let entry = this.queue[0]; entry && this.options.canSend(); entry = this.queue[0]) {
        if (entry.message.state !== 'sending')
          entry.message = this.settle(entry.message, { state: 'sending' });
        const outcome = await this.attempt(entry.message);
        if (outcome.kind === 'lost') break;
        this.queue.shift();
        for (const waiter of entry.waiters) {
          if (outcome.kind === 'sent') waiter.resolve(outcome);
          else waiter.reject(outcome.error);
        }
      }
    } finally {
      this.flushing = false;
    }
    // The connection went again: those lined up meanwhile wait too, and their callers learn it.
    for (const entry of this.queue) this.wait(entry);
  }

  /**
   * What waits will not go by itself (a logout, another user logging in): it becomes `failed`
   * with `reason`, for the user to retry.
   */
  abandon(reason: string): void {
    for (const entry of this.queue.splice(0)) {
      const message = this.settle(entry.message, { state: 'failed', reason });
      for (const waiter of entry.waiters) waiter.resolve({ message });
    }
  }

  private add(kind: MessageKind, to: string | undefined, text: string): ChatMessage {
    const message = this.options.model.addOutgoing(kind, to, text);
    this.options.onAdded(message);
    return message;
  }

  /** Sends a server message now, or lines it up behind those that wait. */
  private async submit(pending: ChatMessage): Promise<Sent> {
    const { canSend, mayWait } = this.options;
    if (this.queue.length === 0 && (canSend() || !mayWait())) {
      const outcome = await this.attempt(pending);
      if (outcome.kind === 'sent') return outcome;
      if (outcome.kind === 'refused') throw outcome.error;
      // The connection went while it was on its way: it waits, behind any others that went with it.
    }
    return new Promise<Sent>((resolve, reject) => {
      const entry: Entry = { message: pending, waiters: [{ resolve, reject }] };
      this.queue.push(entry);
      if (canSend()) void this.flush();
      else this.wait(entry);
    });
  }

  /** Marks the entry `queued` and tells its callers so (they stop waiting for the server). */
  private wait(entry: Entry): void {
    if (entry.message.state !== 'queued') entry.message = this.settle(entry.message, { state: 'queued' });
    for (const waiter of entry.waiters.splice(0)) waiter.resolve({ message: entry.message });
  }

  /** One send; a refusal settles `refused`, a lost connection leaves the message to the caller. */
  private async attempt(pending: ChatMessage): Promise<Outcome> {
    const kind = pending.kind as ServerKind;
    try {
      if (kind === 'direct') {
        const reply = await this.options.sendDirect(pending.to ?? '', pending.text);
        const state = reply.delivered ? 'delivered' : 'stored';
        return { kind: 'sent', message: this.settle(pending, { state, id: reply.id, ts: reply.ts }) };
      }
      const reply = await this.options.sendBroadcast(pending.text);
      const update = { state: 'sent', id: reply.id, ts: reply.ts, skipped: reply.skipped } as const;
      return { kind: 'sent', message: this.settle(pending, update), skipped: reply.skipped };
    } catch (error) {
      if (isParleyError(error, NO_STATUS) && !this.options.canSend() && this.options.mayWait()) {
        return { kind: 'lost' };
      }
      this.fail(pending, error);
      return { kind: 'refused', error };
    }
  }

  private async sendPrivate(pending: ChatMessage): Promise<ChatMessage> {
    try {
      const sent = await this.options.sendPrivate(pending.to ?? '', pending.text);
      return this.settle(pending, { state: 'delivered', id: sent.id, ts: sent.ts });
    } catch (error) {
      this.fail(pending, error);
      throw error;
    }
  }

  private settle(pending: ChatMessage, update: SettleUpdate): ChatMessage {
    const message = this.options.model.settle(pending.id, update) ?? { ...pending, ...update };
    this.options.onUpdated(message, pending.id);
    return message;
  }

  /** `failed` (retryable) when no answer came, else `refused` with the reason. */
  private fail(pending: ChatMessage, error: unknown): void {
    this.settle(pending, {
      state: isParleyError(error, NO_STATUS) ? 'failed' : 'refused',
      reason: errorMessage(error),
    });
  }
}
