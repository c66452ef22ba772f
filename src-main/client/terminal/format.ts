/**
 * Turns client events and command results into the lines the terminal prints. Pure. Everything
 * that came from the network goes through safe-text before it is printed.
 */
import type { ClientEvent } from '../../../src-shared/api/events.js';
import type { ChatMessage } from '../../../src-shared/api/model.js';
import { StandardMessage } from '../../../src-shared/protocol/index.js';
import { safetyGroups } from '../noise/safety-number.js';
import type { SafetyInfo } from '../trust/safety.js';
import { formatInvitation, formatRoomLine } from './room-format.js';
import { safeBlock, safeLine } from './safe-text.js';

/** The line(s) for an event, or undefined for events the terminal does not show. */
export function formatEvent(event: ClientEvent, now = Date.now()): string | undefined {
  switch (event.type) {
    case 'message':
      if (event.message.kind === 'room')
        return event.message.direction === 'in' || event.message.notice !== undefined
          ? formatRoomLine(event.message, now)
          : undefined;
      return event.message.direction === 'in' ? formatIncoming(event.message, now) : undefined;
    case 'room-invited':
      return formatInvitation(event.room, event.by, event.private, event.topic);
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
    // Edits and deletes of shown lines are told by the terminal app, which knows what it showed.
    case 'relation':
    case 'typing':
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

/**
 * A received message, its time and sender first; further lines of it indented under them. The
 * time is the server's (the sender's, peer to peer): for a message kept while this user was
 * away, when it was written.
 */
export function formatIncoming(message: ChatMessage, now = Date.now()): string {
  const tag = message.kind === 'direct' ? (message.offline ? ' (offline)' : '') : ` (${message.kind})`;
  return safeBlock(`[${formatStamp(message.ts, now)}] ${safeLine(message.from)}${tag}: `, message.text);
}

/** `14:03` today, `2026-12-03 14:03` on another day (local time, 24 hours: the same in every locale). */
export function formatStamp(ts: number, now = Date.now()): string {
  const at = new Date(ts);
  const today = new Date(now);
  const time = `${two(at.getHours())}:${two(at.getMinutes())}`;
  const sameDay =
    at.getFullYear() === today.getFullYear() &&
    at.getMonth() === today.getMonth() &&
    at.getDate() === today.getDate();
  return sameDay ? time : `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${time}`;
}

/** `14:03:09`, local time: when something will be over. */
export function formatClock(ts: number): string {
  const at = new Date(ts);
  return `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

const QUEUED_NOTE = 'goes by itself once Parley is connected again (type reconnect to try now)';

/** What the terminal says once the server answered a `message` command, or it was queued. */
export function formatSent(message: ChatMessage): string | undefined {
  const to = safeLine(message.to ?? '');
  if (message.state === 'queued') return `Not connected: your message to ${to} is queued and ${QUEUED_NOTE}`;
  if (message.state === 'stored') return `${to} is offline; they will get your message when they log in`;
  if (message.state === 'delivered') return `Delivered to ${to}`;
  return undefined;
}

export function formatBroadcastQueued(): string {
  return `Not connected: your broadcast is queued and ${QUEUED_NOTE}`;
}

/** A queued message has gone (or will not): what became of it, with the start of its text. */
export function formatQueuedOutcome(message: ChatMessage): string | undefined {
  const what =
    message.kind === 'broadcast'
      ? `queued broadcast "${excerpt(message.text)}"`
      : `queued message to ${safeLine(message.to ?? '')} "${excerpt(message.text)}"`;
  const to = safeLine(message.to ?? '');
  switch (message.state) {
    case 'delivered':
    case 'read':
      return `Sent your ${what}: delivered to ${to}`;
    case 'stored':
      return `Sent your ${what}: ${to} is offline and will get it when they log in`;
    case 'sent':
      return message.skipped !== undefined && message.skipped > 0
        ? `Sent your ${what}. ${StandardMessage.someRecipientsSkipped}`
        : `Sent your ${what} to everyone online`;
    case 'refused':
      return `Your ${what} was refused: ${safeLine(message.reason ?? 'the server said no')}`;
    case 'failed':
      return `Your ${what} was not sent (${safeLine(message.reason ?? 'no answer')})`;
    case 'queued':
    case 'sending':
      return undefined;
  }
}

/** The first words of a text on one line, for saying which message is meant. */
function excerpt(text: string, max = 30): string {
  const line = safeLine(text.replace(/\s+/g, ' ').trim());
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
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
