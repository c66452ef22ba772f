/**
 * The plain part of a ParleyClient's output: session pushes and private-chat happenings that only
 * update the chat model and go out as the contract's events. Direct messages (acknowledged) and
 * disconnects (reconnecting) are the client's own business.
 */
import type { ClientEventName, ClientEvents } from '../../src-shared/api/events.js';
import type { ChatModel } from './chat-model.js';
import type { PrivateChats } from './private-chats.js';
import type { ServerSession } from './server-session.js';

/** Emits one client event; returns whether any listener took it. */
export type Emit = <K extends ClientEventName>(event: K, payload: ClientEvents[K]) => boolean;

export function forwardSessionEvents(session: ServerSession, model: ChatModel, emit: Emit): void {
  session.on('state', (change) => emit('state', change));
  session.on('broadcast', (body) => {
    const { message, added } = model.addIncoming('broadcast', body);
    if (added) emit('message', { message });
  });
  session.on('presence', ({ user, online }) => {
    model.applyPresence(user, online);
    emit('presence', { user, online });
  });
  session.on('notice', ({ status, message }) => emit('notice', { status, message }));
  session.on('protocolError', ({ message }) => emit('notice', { message }));
}

export function forwardPrivateChatEvents(chats: PrivateChats, model: ChatModel, emit: Emit): void {
  chats.on('request', (event) => emit('private-request', event));
  chats.on('cancelled', (event) => emit('private-cancelled', event));
  chats.on('rejected', (event) => emit('private-rejected', event));
  chats.on('failed', (event) => emit('private-failed', event));
  chats.on('started', (event) => emit('private-started', event));
  chats.on('ended', (event) => emit('private-ended', event));
  chats.on('message', ({ user, body }) => {
    const { message, added } = model.addIncoming('private', { ...body, from: user });
    if (added) emit('message', { message });
  });
}
