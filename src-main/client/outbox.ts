/**
 * Messages this user sends, through the server or peer to peer: each enters its conversation as
 * `sending` at once, then settles as delivered, stored, sent, refused (with the reason) or failed
 * (the connection went; `retry` sends it again, same text, same conversation).
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
  readonly onAdded: (message: ChatMessage) => void;
  readonly onUpdated: (message: ChatMessage, localId: string) => void;
}

export class Outbox {
  constructor(private readonly options: OutboxOptions) {}

  direct(to: string, text: string): Promise<ChatMessage> {
    return this.sendDirect(this.add('direct', to, text));
  }

  broadcast(text: string): Promise<{ message: ChatMessage; skipped: number }> {
    return this.sendBroadcast(this.add('broadcast', undefined, text));
  }

  private(user: string, text: string): Promise<ChatMessage> {
    return this.sendPrivate(this.add('private', user, text));
  }

  /** Sends again a message whose send failed (state `failed`). */
  async retry(localId: string): Promise<ChatMessage> {
    const failed = this.options.model.find(localId);
    if (!failed || failed.direction !== 'out') throw new ParleyError(Status.notFound, 'no such message');
    if (failed.state !== 'failed') {
      throw new ParleyError(Status.conflict, 'only a message whose sending failed can be sent again');
    }
    const pending = this.settle(failed, { state: 'sending' });
    if (pending.kind === 'direct') return this.sendDirect(pending);
    if (pending.kind === 'private') return this.sendPrivate(pending);
    return (await this.sendBroadcast(pending)).message;
  }

  private add(kind: MessageKind, to: string | undefined, text: string): ChatMessage {
    const message = this.options.model.addOutgoing(kind, to, text);
    this.options.onAdded(message);
    return message;
  }

  private async sendDirect(pending: ChatMessage): Promise<ChatMessage> {
    try {
      const reply = await this.options.sendDirect(pending.to ?? '', pending.text);
      return this.settle(pending, {
        state: reply.delivered ? 'delivered' : 'stored',
        id: reply.id,
        ts: reply.ts,
      });
    } catch (error) {
      throw this.fail(pending, error);
    }
  }

  private async sendBroadcast(pending: ChatMessage): Promise<{ message: ChatMessage; skipped: number }> {
    try {
      const reply = await this.options.sendBroadcast(pending.text);
      const message = this.settle(pending, {
        state: 'sent',
        id: reply.id,
        ts: reply.ts,
        skipped: reply.skipped,
      });
      return { message, skipped: reply.skipped };
    } catch (error) {
      throw this.fail(pending, error);
    }
  }

  private async sendPrivate(pending: ChatMessage): Promise<ChatMessage> {
    try {
      const sent = await this.options.sendPrivate(pending.to ?? '', pending.text);
      return this.settle(pending, { state: 'delivered', id: sent.id, ts: sent.ts });
    } catch (error) {
      throw this.fail(pending, error);
    }
  }

  private settle(pending: ChatMessage, update: SettleUpdate): ChatMessage {
    const message = this.options.model.settle(pending.id, update) ?? { ...pending, ...update };
    this.options.onUpdated(message, pending.id);
    return message;
  }

  /** `failed` (retryable) when the connection went, else `refused` with the reason; returns the error. */
  private fail(pending: ChatMessage, error: unknown): unknown {
    this.settle(pending, {
      state: isParleyError(error, NO_STATUS) ? 'failed' : 'refused',
      reason: errorMessage(error),
    });
    return error;
  }
}
