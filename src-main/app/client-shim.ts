/**
 * TEMPORARY: adapts today's ParleyClient to the target surface in chat-client.ts until the client
 * branch (protocol 1.1 client) lands; then newChatClient returns a ParleyClient and this goes.
 */
import {
  CLIENT_EVENT_NAMES,
  type ChatMessage,
  type ClientEvent,
  type ClientEventName,
  type ClientEvents,
  type ClientSnapshot,
  type ServerAddress,
  type SessionState,
} from '../../src-shared/api/index.js';
import { NO_STATUS, ParleyClient, ParleyError } from '../client/index.js';
import { TypedEmitter } from '../client/typed-emitter.js';
import type { ChatClient, ChatClientOptions } from './chat-client.js';

class Emitter extends TypedEmitter<ClientEvents> {
  send<K extends ClientEventName>(event: K, payload: ClientEvents[K]): void {
    this.emit(event, payload);
  }
}

export class ShimmedClient implements ChatClient {
  private readonly events = new Emitter();
  private inner: ParleyClient;
  private address: ServerAddress;
  private unwire: () => void = () => {};

  constructor(private readonly options: ChatClientOptions) {
    this.address = { host: options.host, port: options.port };
    this.inner = this.make();
  }

  on<K extends ClientEventName>(event: K, listener: (payload: ClientEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  onAny(listener: (event: ClientEvent) => void): () => void {
    const offs = CLIENT_EVENT_NAMES.map((type) =>
      this.events.on(type, (payload) => listener({ type, ...payload } as ClientEvent)),
    );
    return () => offs.forEach((off) => off());
  }

  get server(): ServerAddress {
    return this.address;
  }

  setServer(address: ServerAddress): void {
    this.unwire();
    this.address = address;
    this.inner = this.make();
  }

  get state(): SessionState {
    return this.inner.state;
  }

  connect = (): Promise<void> => this.inner.connect();
  register = (u: string, p: string): Promise<void> => this.inner.register(u, p);
  login = (u: string, p: string): Promise<void> => this.inner.login(u, p);
  logout = (): Promise<void> => this.inner.logout();
  disconnect = (): Promise<void> => this.inner.disconnect();
  reconnectNow = (): Promise<void> => this.inner.reconnect();
  sendMessage = (to: string, text: string): Promise<ChatMessage> => this.inner.sendMessage(to, text);
  retryMessage = (): Promise<ChatMessage> => Promise.reject(notYet());
  broadcast = (text: string): Promise<{ message: ChatMessage; skipped: number }> => this.inner.broadcast(text);
  whoelse = (): Promise<string[]> => this.inner.whoelse();
  whoelseSince = async (seconds: number): Promise<string[]> => {
    const users = await this.inner.whoelseSince(seconds);
    this.events.send('recent-users', { seconds, users });
    return users;
  };
  block = (u: string): Promise<void> => this.inner.block(u);
  unblock = (u: string): Promise<void> => this.inner.unblock(u);
  startPrivate = (u: string): Promise<string> => this.inner.startPrivate(u);
  cancelPrivate = (): Promise<void> => Promise.reject(notYet());
  answerPrivate = (id: string, accept: boolean): Promise<void> => this.inner.answerPrivate(id, accept);
  sendPrivate = (u: string, text: string): Promise<ChatMessage> => this.inner.sendPrivate(u, text);
  stopPrivate = (u: string): Promise<void> => this.inner.stopPrivate(u);

  snapshot(): ClientSnapshot {
    const s = this.inner.snapshot();
    return {
      state: s.state,
      ...(s.username === undefined ? {} : { username: s.username }),
      server: this.address,
      online: [...s.online],
      blocked: [...s.blocked],
      conversations: [],
      privateChats: [...s.privateChats],
      privateRequests: s.privateRequests.map((r) => ({ ...r, expiresAt: 0 })),
      outgoingRequests: [],
    };
  }

  private make(): ParleyClient {
    const client = new ParleyClient({
      ...this.address,
      ...(this.options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: this.options.connectTimeoutMs }),
    });
    this.unwire = client.onAny((event) => {
      const { type, ...payload } = event;
      if (type === 'private-request') {
        this.events.send(type, { ...(payload as { requestId: string; from: string }), expiresAt: Date.now() + 60_000 });
        return;
      }
      if (type === 'message' && event.message.direction === 'in' && event.message.kind === 'direct') {
        void this.accept(event.message);
        return;
      }
      this.events.send(type, payload as never);
    });
    return client;
  }

  private async accept(message: ChatMessage): Promise<void> {
    const fresh = (await this.options.acceptIncoming?.(message)) ?? true;
    if (fresh) this.events.send('message', { message });
  }
}

function notYet(): ParleyError {
  return new ParleyError(NO_STATUS, 'this client does not support that yet');
}
