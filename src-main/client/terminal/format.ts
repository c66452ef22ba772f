/** Turns client events and command results into the lines the terminal prints. Pure. */
import { StandardMessage } from '../../../src-shared/protocol/index.js';
import type { ChatMessage } from '../chat-model.js';
import type { ClientEvent } from '../client-events.js';

/** The line for an event, or undefined for events the terminal does not show. */
export function formatEvent(event: ClientEvent): string | undefined {
  switch (event.type) {
    case 'message':
      return event.message.direction === 'in' ? formatIncoming(event.message) : undefined;
    case 'presence':
      return `${event.user} ${event.online ? 'logged in' : 'logged out'}`;
    case 'disconnected':
      return formatDisconnect(event.reason, event.message);
    case 'private-request':
      return `${event.from} would like to start a private chat with you. Accept? (y/n)`;
    case 'private-rejected':
      if (event.reason === 'rejected') return `${event.user} declined your private chat request`;
      if (event.reason === 'timeout') return `${event.user} did not answer your private chat request`;
      return `${event.user} went offline before answering your private chat request`;
    case 'private-failed':
      return `Could not start a private chat with ${event.user}: ${event.message}`;
    case 'private-started':
      return `Private chat with ${event.user} started. Send with: private ${event.user} <text>`;
    case 'private-ended':
      return formatPrivateEnded(event.user, event.by, event.reason);
    case 'notice':
      return `Server: ${event.message}`;
    case 'state':
    case 'message-updated':
    case 'online-users':
    case 'blocklist':
      return undefined;
  }
}

/** A received message, sender first. */
export function formatIncoming(message: ChatMessage): string {
  const tag = message.kind === 'direct' ? (message.offline ? ' (offline)' : '') : ` (${message.kind})`;
  return `${message.from}${tag}: ${message.text}`;
}

/** What the terminal says once the server answered a `message` command. */
export function formatSent(message: ChatMessage): string | undefined {
  if (message.state === 'stored')
    return `${message.to ?? ''} is offline; they will get your message when they log in`;
  return undefined;
}

export function formatBroadcastResult(skipped: number): string | undefined {
  return skipped > 0 ? StandardMessage.someRecipientsSkipped : undefined;
}

export function formatUsers(users: readonly string[], none: string): string[] {
  return users.length === 0 ? [none] : [...users];
}

export function formatError(message: string): string {
  return `Error: ${message}`;
}

function formatDisconnect(reason: string, message: string | undefined): string | undefined {
  switch (reason) {
    case 'timeout':
      return 'You have been logged out due to inactivity';
    case 'shutdown':
      return 'The server has shut down';
    case 'lost':
      return `Connection to the server lost${message ? `: ${message}` : ''}`;
    default:
      return undefined; // logout and our own close are announced by the command that caused them
  }
}

function formatPrivateEnded(user: string, by: string, reason: string): string {
  if (by === 'me') return `Private chat with ${user} ended`;
  if (by === 'network') return `Private chat with ${user} ended: ${reason}`;
  switch (reason) {
    case 'stopped':
      return `${user} ended the private chat`;
    case 'logout':
      return `${user} logged out; private chat ended`;
    case 'timeout':
      return `${user} was logged out for inactivity; private chat ended`;
    case 'disconnect':
      return `${user} disconnected; private chat ended`;
    default:
      return `${user} ended the private chat (${reason})`;
  }
}
