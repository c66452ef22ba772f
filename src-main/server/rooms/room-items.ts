/**
 * A room item as the wire shows it: its push body, its `[history]` form (the body plus `type`), and
 * the placeholder a member who blocked the author gets instead (protocol 1.2, Rooms).
 */
import type { JsonObject } from '../../../src-shared/protocol/index.js';
import type { RoomItem } from '../../store/rooms.js';

/** The push body (without `offline`). A deleted message or edit keeps id, from and ts only. */
export function itemBody(item: RoomItem): JsonObject {
  const { room, seq, id, ts } = item;
  const from = item.from ?? '';
  const extra = item.extra === null ? {} : (JSON.parse(item.extra) as JsonObject);
  switch (item.type) {
    case 'message':
      if (item.deleted) return { room, seq, id, from, ts, deleted: true };
      return { room, seq, id, from, text: item.text ?? '', ts, ...extra };
    case 'edit':
      if (item.deleted) return { room, seq, id, from, ts, deleted: true };
      return { room, seq, id, from, text: item.text ?? '', ts };
    case 'delete':
      return { room, seq, id, from, ts };
    case 'reaction':
      return { room, seq, id, from, ...extra, ts };
    case 'member':
      return { room, seq, id, ts, ...extra };
    case 'topic':
      return { room, seq, id, ts, from, topic: item.text ?? '' };
  }
}

/** Whether `viewer` gets the placeholder: the author is someone `viewer` has blocked. */
export function hiddenFrom(
  item: RoomItem,
  viewer: string,
  blocks: { has(blocker: string, blocked: string): boolean },
): boolean {
  return (
    item.from !== null && item.type !== 'member' && item.from !== viewer && blocks.has(viewer, item.from)
  );
}

export function placeholderBody(item: RoomItem): JsonObject {
  return { room: item.room, seq: item.seq, id: item.id, ts: item.ts, from: item.from ?? '', blocked: true };
}

/** The `[history]` entry: what `viewer` would have been pushed, plus its route as `type`. */
export function historyEntry(
  item: RoomItem,
  viewer: string,
  blocks: { has(blocker: string, blocked: string): boolean },
): JsonObject {
  const body = hiddenFrom(item, viewer, blocks) ? placeholderBody(item) : itemBody(item);
  return { type: item.type, ...body };
}
