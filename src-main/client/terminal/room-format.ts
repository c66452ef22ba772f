/**
 * Room lines and the notices of relations, as the terminal prints them: `[14:03] #team bob: hi`,
 * membership and topic changes as notices, edits and deletes of lines it showed. Pure; everything
 * from the network through safe-text.
 */
import type { ChatMessage } from '../../../src-shared/api/model.js';
import type { Relation } from '../../../src-shared/api/relations.js';
import type { RoomSummary } from '../../../src-shared/api/rooms.js';
import { formatStamp } from './format.js';
import { safeBlock, safeLine } from './safe-text.js';

/** A room message, or its membership or topic line. */
export function formatRoomLine(message: ChatMessage, now = Date.now()): string {
  const stamp = `[${formatStamp(message.ts, now)}]`;
  const room = `#${safeLine(message.room ?? '')}`;
  const who = safeLine(message.from);
  const notice = message.notice;
  if (notice?.type === 'member') {
    const user = safeLine(notice.user);
    if (notice.change === 'join') return `${stamp} ${room}: ${user} joined`;
    if (notice.change === 'leave') return `${stamp} ${room}: ${user} left`;
    return `${stamp} ${room}: ${user} was removed by ${safeLine(notice.by ?? 'the owner')}`;
  }
  if (notice?.type === 'topic') {
    return notice.topic === undefined
      ? `${stamp} ${room}: ${who} changed the topic`
      : safeBlock(`${stamp} ${room}: ${who} set the topic: `, notice.topic);
  }
  if (message.blocked) return `${stamp} ${room} ${who}: (hidden: you blocked ${who})`;
  if (message.deleted) return `${stamp} ${room} ${who}: (deleted)`;
  const edited = message.edited ? ' (edited)' : '';
  const offline = message.offline ? ' (offline)' : '';
  return safeBlock(`${stamp} ${room} ${who}${offline}${edited}: `, message.text);
}

/** An edit or delete of a line this terminal showed; undefined for what it does not tell. */
export function formatRelation(relation: Relation, now = Date.now()): string | undefined {
  if (relation.type !== 'edit' && relation.type !== 'delete') return undefined;
  const stamp = `[${formatStamp(relation.ts, now)}]`;
  const where = relation.room === undefined ? '' : ` #${safeLine(relation.room)}`;
  const who = safeLine(relation.from);
  if (relation.type === 'delete') return `${stamp}${where} ${who} deleted a message`;
  return safeBlock(`${stamp}${where} ${who} edited a message: `, relation.text);
}

export function formatInvitation(room: string, by: string, isPrivate: boolean, topic: string): string {
  const name = safeLine(room);
  const about = topic === '' ? '' : ` (${safeLine(topic)})`;
  return `${safeLine(by)} invited you to ${isPrivate ? 'the private room ' : ''}#${name}${about}. Type: join ${name}`;
}

export function formatRoomSummary(r: RoomSummary): string {
  const state = r.joined ? 'joined' : r.invited ? 'invited' : r.private ? 'private' : 'public';
  const topic = r.topic === '' ? '' : ` - ${safeLine(r.topic)}`;
  const people = `${r.members} ${r.members === 1 ? 'member' : 'members'}`;
  return `#${safeLine(r.room)} (${state}, ${people})${topic}`;
}
