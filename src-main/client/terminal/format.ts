/**
 * Turns client events and command results into the lines the terminal prints. Pure. Everything
 * that came from the network goes through safe-text before it is printed.
 */
import type { ClientEvent } from '../../../src-shared/api/events.js';
import type { ChatMessage } from '../../../src-shared/api/model.js';
import { StandardMessage } from '../../../src-shared/protocol/index.js';
import { safetyGroups } from '../noise/safety-number.js';
import type { SafetyInfo } from '../trust/safety.js';
import { safeBlock, safeLine } from './safe-text.js';

/** The line(s) for an event, or undefined for events the terminal does not show. */
export function formatEvent(event: ClientEvent, now = Date.now()): string | undefined {
  switch (event.type) {
    case 'message':
      return event.message.direction === 'in' ? formatIncoming(event.message) : undefined;
    case 'presence':
      return `${safeLine(event.user)} ${event.online ? 'logged in' : 'logged out'}`;
    case 'disconnected':
      return formatDisconnect(event.reason, event.message);
    case 'reconnecting': {
      const seconds = Math.max(0, Math.round((event.at - now) / 1000));
      return `Reconnecting to the server in ${seconds} s (attempt ${event.attempt}); type reconnect to try now`;
    }
    case 'reconnected':
      return `Reconnected: logged in again as ${safeLine(event.username)}`;
    case 'private-request':
      return `${safeLine(event.from)} would like to start a private chat with you. Accept? (y/n)`;
    case 'private-cancelled':
      return formatCancelled(safeLine(event.from), event.reason);
    case 'private-rejected': {
      const user = safeLine(event.user);
      if (event.reason === 'rejected') return `${user} declined your private chat request`;
      if (event.reason === 'timeout') return `${user} did not answer your private chat request`;
      return `${user} went offline before answering your private chat request`;
    }
    case 'private-failed':
      return `Could not start a private chat with ${safeLine(event.user)}: ${safeLine(event.message)}`;
    case 'private-started': {
      const user = safeLine(event.user);
      return `Private chat with ${user} started. Send with: private ${user} <text>`;
    }
    case 'private-ended':
      return formatPrivateEnded(safeLine(event.user), event.by, safeLine(event.reason));
    case 'notice':
      return `${event.status === undefined ? 'Note' : 'Server'}: ${safeLine(event.message)}`;
    case 'file-offer':
    case 'file-update':
      // Numbered for typing by the terminal's FileBoard.
      return undefined;
    case 'state':
    case 'message-updated':
    case 'online-users':
    case 'recent-users':
    case 'blocklist':
      return undefined;
  }
}

/** A received message, sender first; further lines of it indented under the sender's name. */
export function formatIncoming(message: ChatMessage): string {
  const tag = message.kind === 'direct' ? (message.offline ? ' (offline)' : '') : ` (${message.kind})`;
  return safeBlock(`${safeLine(message.from)}${tag}: `, message.text);
}

/** What the terminal says once the server answered a `message` command. */
export function formatSent(message: ChatMessage): string | undefined {
  const to = safeLine(message.to ?? '');
  if (message.state === 'stored') return `${to} is offline; they will get your message when they log in`;
  if (message.state === 'delivered') return `Delivered to ${to}`;
  return undefined;
}

export function formatBroadcastResult(skipped: number): string {
  return skipped > 0 ? StandardMessage.someRecipientsSkipped : 'Sent to everyone online';
}

/** A labelled list of users on one line, or `none` when it is empty. */
export function formatUsers(label: string, users: readonly string[], none: string): string {
  return users.length === 0 ? none : `${label}: ${users.map(safeLine).join(', ')}`;
}

export function formatError(message: string): string {
  return `Error: ${safeLine(message)}`;
}

function formatDisconnect(reason: string, message: string | undefined): string | undefined {
  switch (reason) {
    case 'timeout':
      return 'You have been logged out due to inactivity';
    case 'shutdown':
      return 'The server has shut down';
    case 'lost':
      return `Connection to the server lost${message ? `: ${safeLine(message)}` : ''}`;
    default:
      return undefined; // logout and our own close are announced by the command that caused them
  }
}

function formatCancelled(from: string, reason: string): string {
  if (reason === 'timeout') return `The private chat request from ${from} expired`;
  if (reason === 'offline') return `${from} went offline; their private chat request is withdrawn`;
  return `${from} withdrew their private chat request`;
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

/** A safety number as two rows of six groups, with what to do next. */
export function formatSafety(info: SafetyInfo): string[] {
  const user = info.user;
  if (info.safetyNumber === undefined) return [`No key of ${user} yet: start a private chat with them first`];
  const rows = (digits: string): string[] => {
    const groups = safetyGroups(digits);
    return [`  ${groups.slice(0, 6).join(' ')}`, `  ${groups.slice(6).join(' ')}`];
  };
  if (info.status === 'changed' && info.newSafetyNumber !== undefined) {
    return [
      `${user}'s safety number has changed. The one you had:`,
      ...rows(info.safetyNumber),
      'The new one:',
      ...rows(info.newSafetyNumber),
      `Compare the new one with ${user} in person or on a call; if it matches, type acceptkey ${user}`,
    ];
  }
  const status = info.status === 'verified' ? 'verified' : 'not verified';
  return [
    `Safety number with ${user} (${status}):`,
    ...rows(info.safetyNumber),
    info.status === 'verified'
      ? `You marked ${user} verified; unverify ${user} takes that back`
      : `Compare it with ${user} in person or on a call; if it matches, type verify ${user}`,
  ];
}
