/**
 * What the items of a stream become for the contract: a room item or a direct relation push, or a
 * `[history]` item, as a message (with a room notice for membership and topic changes) or as a
 * relation of a conversation. Pure, so the direct stream, the room streams and history pages share it.
 */
import { formatKey, directKey, roomKey } from '../../src-shared/api/conversation-key.js';
import type { ChatMessage } from '../../src-shared/api/model.js';
import type { Relation } from '../../src-shared/api/relations.js';
import type { KnownDirectItem } from './server-session.js';

/** A stream item the app keeps before it is acknowledged. */
export type StoredEvent =
  | { readonly type: 'message'; readonly message: ChatMessage }
  | { readonly type: 'relation'; readonly key: string; readonly relation: Relation };

type Loose = Readonly<Record<string, unknown>>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/**
 * A room item (its push body, or a history item with `type`) from `me`'s side. Undefined: nothing
 * to keep (a blocked user's edit or reaction, whose content the server withheld).
 */
export function roomItemEvent(route: string, item: Loose, me: string | undefined): StoredEvent | undefined {
  const room = str(item.room) ?? '';
  const seq = num(item.seq);
  const id = str(item.id) ?? '';
  const ts = num(item.ts) ?? 0;
  const from = str(item.from) ?? '';
  const key = formatKey(roomKey(room));
  const base = {
    id,
    kind: 'room' as const,
    room,
    ts,
    state: 'delivered' as const,
    ...(seq === undefined ? {} : { seq }),
    ...(item.offline === true ? { offline: true } : {}),
  };
  switch (route) {
    case 'message': {
      const replyTo = str(item.replyTo);
      const message: ChatMessage = {
        ...base,
        direction: from === me ? 'out' : 'in',
        from,
        text: item.blocked === true || item.deleted === true ? '' : (str(item.text) ?? ''),
        ...(replyTo === undefined ? {} : { replyTo }),
        ...(item.blocked === true ? { blocked: true } : {}),
        ...(item.deleted === true ? { deleted: true } : {}),
      };
      return { type: 'message', message };
    }
    case 'member': {
      const user = str(item.user) ?? '';
      const change: 'join' | 'leave' | 'kick' =
        item.change === 'leave' || item.change === 'kick' ? item.change : 'join';
      const by = str(item.by);
      const notice = { type: 'member' as const, user, change, ...(by === undefined ? {} : { by }) };
      return { type: 'message', message: { ...base, direction: 'in', from: user, text: '', notice } };
    }
    case 'topic': {
      const topic = item.blocked === true ? undefined : str(item.topic);
      const notice = { type: 'topic' as const, ...(topic === undefined ? {} : { topic }) };
      return {
        type: 'message',
        message: { ...base, direction: from === me ? 'out' : 'in', from, text: '', notice },
      };
    }
    case 'edit': {
      const text = str(item.text);
      if (text === undefined || item.blocked === true) return undefined;
      return relationEvent(key, { type: 'edit', room, ...seqOf(seq), id, from, text, ts });
    }
    case 'delete':
      return relationEvent(key, { type: 'delete', room, ...seqOf(seq), id, from, ts });
    case 'reaction': {
      const emoji = str(item.emoji);
      if (emoji === undefined || item.blocked === true) return undefined;
      return relationEvent(key, {
        type: 'reaction',
        room,
        ...seqOf(seq),
        id,
        from,
        emoji,
        on: item.on !== false,
        ts,
      });
    }
    default:
      return undefined;
  }
}

/** A direct stream item other than a message: a relation of the conversation with its sender. */
export function directRelationEvent(
  known: Exclude<KnownDirectItem, { route: 'message' }>,
): StoredEvent | undefined {
  const key = formatKey(directKey(known.body.from));
  switch (known.route) {
    case 'edit': {
      const b = known.body;
      return b.text === undefined
        ? undefined
        : relationEvent(key, { type: 'edit', seq: b.seq, id: b.id, from: b.from, text: b.text, ts: b.ts });
    }
    case 'delete': {
      const b = known.body;
      return relationEvent(key, { type: 'delete', seq: b.seq, id: b.id, from: b.from, ts: b.ts });
    }
    case 'reaction': {
      const b = known.body;
      return b.emoji === undefined
        ? undefined
        : relationEvent(key, {
            type: 'reaction',
            seq: b.seq,
            id: b.id,
            from: b.from,
            emoji: b.emoji,
            on: b.on !== false,
            ts: b.ts,
          });
    }
    case 'read': {
      const body = known.body;
      if (typeof body.upTo !== 'string') return undefined;
      return relationEvent(key, {
        type: 'read',
        ...seqOf(body.seq),
        from: body.from,
        upTo: body.upTo,
        ts: body.ts ?? 0,
      });
    }
  }
}

function seqOf(seq: number | undefined): { seq?: number } {
  return seq === undefined ? {} : { seq };
}

function relationEvent(key: string, relation: Relation): StoredEvent {
  return { type: 'relation', key, relation };
}
