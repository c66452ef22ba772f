/**
 * Which conversation something belongs to, as a value (`ConversationKey`) and as the string form
 * that local history, the contract's commands and the stores' maps use. Nothing else builds or
 * parses a key: every other module goes through these functions.
 *
 * String forms: `#broadcast`, `direct:<user>`, `private:<user>`, `room:<name>`. Usernames and
 * room names contain neither `#` nor `:`, so the forms can't clash, and `parseKey` refuses
 * anything `formatKey` could not have made.
 */
import { USERNAME_PATTERN } from '../protocol/schemas.js';

export type ConversationKind = 'direct' | 'room' | 'broadcast' | 'private';

export type ConversationKey =
  | { readonly kind: 'direct'; readonly peer: string }
  | { readonly kind: 'private'; readonly peer: string }
  | { readonly kind: 'room'; readonly room: string }
  | { readonly kind: 'broadcast' };

/** Protocol 1.2: 1-32 of `a-z 0-9 _ -`. */
export const ROOM_NAME_PATTERN = /^[a-z0-9_-]{1,32}$/;

export const BROADCAST_KEY = '#broadcast';

export const BROADCAST: ConversationKey = { kind: 'broadcast' };

export function directKey(peer: string): ConversationKey {
  return { kind: 'direct', peer };
}

export function privateKey(peer: string): ConversationKey {
  return { kind: 'private', peer };
}

export function roomKey(room: string): ConversationKey {
  return { kind: 'room', room };
}

/** The string form of a key (what history stores and the contract carries). */
export function formatKey(key: ConversationKey): string {
  switch (key.kind) {
    case 'broadcast':
      return BROADCAST_KEY;
    case 'room':
      return `room:${key.room}`;
    case 'direct':
    case 'private':
      return `${key.kind}:${key.peer}`;
  }
}

/** The key a string form names; undefined for a string `formatKey` can't produce. */
export function parseKey(text: string): ConversationKey | undefined {
  if (text === BROADCAST_KEY) return BROADCAST;
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const prefix = text.slice(0, colon);
  const name = text.slice(colon + 1);
  if (prefix === 'room') return ROOM_NAME_PATTERN.test(name) ? roomKey(name) : undefined;
  if (!USERNAME_PATTERN.test(name)) return undefined;
  if (prefix === 'direct') return directKey(name);
  if (prefix === 'private') return privateKey(name);
  return undefined;
}

/** The kind of a key or of a key's string form (an unparseable string counts as direct). */
export function kindOf(key: ConversationKey | string): ConversationKind {
  if (typeof key !== 'string') return key.kind;
  return parseKey(key)?.kind ?? 'direct';
}

/** The other user of a direct or private conversation; undefined for rooms and the broadcast. */
export function peerOf(key: ConversationKey | string): string | undefined {
  const parsed = typeof key === 'string' ? parseKey(key) : key;
  return parsed?.kind === 'direct' || parsed?.kind === 'private' ? parsed.peer : undefined;
}

/** The room of a room conversation. */
export function roomOf(key: ConversationKey | string): string | undefined {
  const parsed = typeof key === 'string' ? parseKey(key) : key;
  return parsed?.kind === 'room' ? parsed.room : undefined;
}

/** What `keyOf` needs of a message: the contract's ChatMessage has these fields. */
export interface KeyedMessage {
  readonly kind: ConversationKind;
  readonly direction: 'in' | 'out';
  readonly from: string;
  readonly to?: string | undefined;
  readonly room?: string | undefined;
}

/** The conversation a message belongs to, seen from this user (the other side is the peer). */
export function conversationOf(message: KeyedMessage): ConversationKey {
  switch (message.kind) {
    case 'broadcast':
      return BROADCAST;
    case 'room':
      return roomKey(message.room ?? '');
    case 'direct':
    case 'private': {
      const peer = message.direction === 'in' ? message.from : message.to;
      return peer === undefined ? BROADCAST : { kind: message.kind, peer };
    }
  }
}

/** The string form of the conversation a message belongs to. */
export function keyOf(message: KeyedMessage): string {
  return formatKey(conversationOf(message));
}

/** The string form of one conversation, from its kind and the peer or room name. */
export function keyFor(kind: ConversationKind, name: string | undefined): string {
  if (kind === 'broadcast' || name === undefined) return BROADCAST_KEY;
  return kind === 'room' ? formatKey(roomKey(name)) : formatKey({ kind, peer: name });
}
