/**
 * The one set of rules for what a conversation shows: messages merged without duplicates and in
 * order, and relations folded into them (the newest edit's text with "edited", deletes as
 * tombstones, reactions as counts with who, receipts as read state). Pure: history, the app core
 * and the renderer all call these and never decide it themselves.
 *
 * A fold is a function of the sets of messages and relations, not of their arrival order: an edit
 * that comes before its message (a catch-up, a history page) applies once the message is there.
 */
import type { ChatMessage } from './model.js';
import type { ReactionCount, Relation } from './relations.js';

/**
 * What makes two copies the same message. Server ids are unique per server, so a room message is
 * its id; a direct or private one is its id on its side (a peer names its own messages, and may
 * reuse an id this user's client handed out locally).
 */
function identity(m: ChatMessage): string {
  return m.kind === 'room' ? `room:${m.id}` : `${m.direction}:${m.id}`;
}

/** A received message's place in its stream: two copies with one seq are one message. */
function seqIdentity(m: ChatMessage): string | undefined {
  if (m.seq === undefined || m.direction !== 'in') return undefined;
  return m.kind === 'room' ? `room:${m.room ?? ''}:${m.seq}` : `${m.kind}:${m.seq}`;
}

/** Time, then stream position when both have one; otherwise a tie keeps arrival order. */
function byTime(a: ChatMessage, b: ChatMessage): number {
  return a.ts - b.ts || (a.seq !== undefined && b.seq !== undefined ? a.seq - b.seq : 0);
}

function isOrdered(messages: readonly ChatMessage[]): boolean {
  for (let i = 1; i < messages.length; i++) {
    const a = messages[i - 1];
    const b = messages[i];
    if (a && b && byTime(a, b) > 0) return false;
  }
  return true;
}

/**
 * `current` and `incoming` together, oldest first, each message once. A copy in `incoming`
 * replaces the one in `current` (it is newer: a delivery state moved on). When `incoming` already
 * holds everything, it is returned as it is, so a store keeps the same array.
 */
export function mergeMessages(
  current: readonly ChatMessage[],
  incoming: readonly ChatMessage[],
): ChatMessage[] {
  const seen = new Set<string>();
  for (const m of incoming) {
    seen.add(identity(m));
    const seq = seqIdentity(m);
    if (seq !== undefined) seen.add(seq);
  }
  const extra = current.filter((m) => {
    const seq = seqIdentity(m);
    return !seen.has(identity(m)) && (seq === undefined || !seen.has(seq));
  });
  const unique = dedupeMessages(incoming);
  if (extra.length === 0 && unique.length === incoming.length) return incoming as ChatMessage[];
  const all = [...extra, ...unique];
  return isOrdered(all) ? all : all.sort(byTime);
}

/** Each message once (the last copy wins, at the first copy's place). */
export function dedupeMessages(messages: readonly ChatMessage[]): ChatMessage[] {
  const at = new Map<string, number>();
  const out: ChatMessage[] = [];
  for (const m of messages) {
    const seq = seqIdentity(m);
    const index = at.get(identity(m)) ?? (seq === undefined ? undefined : at.get(seq));
    if (index !== undefined) {
      out[index] = m;
      continue;
    }
    at.set(identity(m), out.length);
    if (seq !== undefined) at.set(seq, out.length);
    out.push(m);
  }
  return out;
}

function seqOf(r: Relation): number | undefined {
  return 'seq' in r ? r.seq : undefined;
}

function roomOfRelation(r: Relation): string | undefined {
  return 'room' in r ? r.room : undefined;
}

/** What makes two copies of a relation the same: its place in its stream, else its content. */
export function relationIdentity(r: Relation): string {
  const seq = seqOf(r);
  if (seq !== undefined) return `${roomOfRelation(r) ?? ''}#${seq}`;
  return JSON.stringify([
    r.type,
    roomOfRelation(r),
    r.from,
    'id' in r ? r.id : '',
    r.ts,
    'emoji' in r ? [r.emoji, r.on] : '',
    'upTo' in r ? r.upTo : '',
  ]);
}

/** Each relation once, in the order they happened (time, then stream position). */
export function orderRelations(relations: readonly Relation[]): Relation[] {
  const seen = new Set<string>();
  const out: Relation[] = [];
  for (const r of relations) {
    const key = relationIdentity(r);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out.sort((a, b) => {
    const [sa, sb] = [seqOf(a), seqOf(b)];
    return (a.ts ?? 0) - (b.ts ?? 0) || (sa !== undefined && sb !== undefined ? sa - sb : 0);
  });
}

interface Draft {
  text: string;
  editTs: number | undefined;
  deleted: boolean;
  reactions: Map<string, string[]>;
  readBy: string[];
  readAt: number | undefined;
}

/**
 * The messages as the user sees them once `relations` are applied. Messages nothing applies to
 * keep their reference. Rules, in the protocol's words:
 * - edit: the newest wins; in a direct conversation only when `from` wrote the message (the
 *   server checks rooms);
 * - delete: a tombstone (no text, no reactions, not "edited"); nothing applies after it. Direct
 *   deletes count only from the author; in a room the server let the author or the owner;
 * - reaction: one per user per emoji, `on:false` takes it back; counts keep first-reacted order;
 * - read (direct): the peer has read this user's messages to them up to `upTo`, inclusive;
 * - read (room): a member has read up to seq `upTo`; it only grows.
 */
export function foldRelations(
  messages: readonly ChatMessage[],
  relations: readonly Relation[],
): ChatMessage[] {
  if (relations.length === 0) return messages as ChatMessage[];
  const byId = new Map<string, number[]>();
  messages.forEach((m, index) => {
    const list = byId.get(m.id);
    if (list) list.push(index);
    else byId.set(m.id, [index]);
  });
  const drafts = new Map<number, Draft>();
  const draft = (index: number): Draft => {
    let d = drafts.get(index);
    if (!d) {
      const m = messages[index] as ChatMessage;
      d = {
        text: m.text,
        editTs: undefined,
        deleted: m.deleted === true,
        reactions: new Map((m.reactions ?? []).map((r) => [r.emoji, [...r.users]])),
        readBy: [...(m.readBy ?? [])],
        readAt: m.readAt,
      };
      drafts.set(index, d);
    }
    return d;
  };
  /** The target of a relation: in a room any message with the id, else one `author` wrote. */
  const target = (id: string, room: string | undefined, author: string | undefined): number | undefined =>
    byId.get(id)?.find((i) => {
      const m = messages[i] as ChatMessage;
      if (room !== undefined) return m.kind === 'room' && m.room === room;
      return m.kind !== 'room' && (author === undefined || m.from === author);
    });

  const roomReads = new Map<string, number>();
  for (const r of orderRelations(relations)) {
    if (r.type === 'read') {
      if ('room' in r) {
        const key = `${r.room}\n${r.from}`;
        roomReads.set(key, Math.max(roomReads.get(key) ?? 0, r.upTo));
      } else readDirect(messages, byId, r.from, r.upTo, r.ts, draft);
      continue;
    }
    const author = r.room === undefined || r.type === 'edit' ? r.from : undefined;
    const index = target(r.id, r.room, r.type === 'reaction' ? undefined : author);
    if (index === undefined) continue;
    const d = draft(index);
    if (d.deleted) continue;
    if (r.type === 'edit') {
      if (d.editTs === undefined || r.ts >= d.editTs) {
        d.text = r.text;
        d.editTs = r.ts;
      }
    } else if (r.type === 'delete') d.deleted = true;
    else react(d, r.emoji, r.from, r.on);
  }
  for (const [key, upTo] of roomReads) {
    const [room, member] = key.split('\n') as [string, string];
    messages.forEach((m, index) => {
      if (m.kind !== 'room' || m.room !== room || m.seq === undefined || m.seq > upTo || m.from === member)
        return;
      const d = draft(index);
      if (!d.readBy.includes(member)) d.readBy.push(member);
    });
  }
  if (drafts.size === 0) return messages as ChatMessage[];
  const out = [...messages];
  for (const [index, d] of drafts) out[index] = applyDraft(messages[index] as ChatMessage, d);
  return out;
}

function readDirect(
  messages: readonly ChatMessage[],
  byId: Map<string, number[]>,
  reader: string,
  upTo: string,
  ts: number,
  draft: (index: number) => Draft,
): void {
  const mine = (m: ChatMessage) => m.direction === 'out' && m.kind === 'direct' && m.to === reader;
  const last = byId.get(upTo)?.find((i) => mine(messages[i] as ChatMessage));
  if (last === undefined) return;
  for (let i = 0; i <= last; i++) {
    if (!mine(messages[i] as ChatMessage)) continue;
    const d = draft(i);
    if (d.readBy.includes(reader)) continue;
    d.readBy.push(reader);
    d.readAt = d.readAt === undefined ? ts : Math.min(d.readAt, ts);
  }
}

function react(d: Draft, emoji: string, user: string, on: boolean): void {
  const users = d.reactions.get(emoji) ?? [];
  const has = users.includes(user);
  if (on && !has) d.reactions.set(emoji, [...users, user]);
  if (!on && has) {
    const rest = users.filter((u) => u !== user);
    if (rest.length > 0) d.reactions.set(emoji, rest);
    else d.reactions.delete(emoji);
  }
}

function applyDraft(m: ChatMessage, d: Draft): ChatMessage {
  const { edited: _e, reactions: _r, readBy: _b, readAt: _a, deleted: _d, ...base } = m;
  if (d.deleted) return { ...base, text: '', deleted: true, ...readState(d) };
  const reactions: ReactionCount[] = [...d.reactions].map(([emoji, users]) => ({ emoji, users }));
  return {
    ...base,
    text: d.text,
    ...(d.editTs !== undefined || m.edited === true ? { edited: true } : {}),
    ...(reactions.length > 0 ? { reactions } : {}),
    ...readState(d),
  };
}

function readState(d: Draft): Partial<ChatMessage> {
  return {
    ...(d.readBy.length > 0 ? { readBy: d.readBy } : {}),
    ...(d.readAt === undefined ? {} : { readAt: d.readAt }),
  };
}
