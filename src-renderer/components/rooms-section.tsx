/** The sidebar's rooms: each joined room with its last line and unread count, and the two doors in. */
import { useEffect, useMemo, useState } from 'react';
import { keyFor, kindOf, roomOf, type ChatMessage } from '../../src-shared/api/index.js';
import { sidebarTime } from '../format.js';
import { noticeWords } from '../room-notice.js';
import {
  useConversation,
  useConversationKeys,
  useConversationsStore,
} from '../stores/conversations-store.js';
import { useRoomsStore } from '../stores/rooms-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { unreadLabel } from '../unread-words.js';
import { visibleText } from '../visible-text.js';
import { BrowseRoomsDialog } from './browse-rooms-dialog.js';
import { CreateRoomDialog } from './create-room-dialog.js';
import { useItemMenu } from './mute-toggle.js';
import { Name } from './name.js';
import { UnreadBadges, unreadClasses } from './unread-badges.js';

function preview(message: ChatMessage | undefined): string {
  if (!message) return 'No messages yet';
  if (message.notice) return visibleText(noticeWords(message.notice));
  const who = message.direction === 'out' ? 'You' : message.from;
  return visibleText(`${who}: ${message.text.replace(/\s+/g, ' ').slice(0, 120)}`);
}

function RoomItem({ room, active }: { room: string; active: boolean }) {
  const key = keyFor('room', room);
  const conversation = useConversation(key);
  const open = useConversationsStore((s) => s.open);
  const openDrawer = useUiStore((s) => s.openDrawer);
  const last = conversation?.messages.at(-1);
  const unread = conversation?.unread ?? 0;
  const state = { unread, mentions: conversation?.mentions ?? 0, muted: conversation?.muted ?? false };
  const label = `Room #${room}`;
  const itemMenu = useItemMenu(key);
  return (
    <li className="menu-anchor" onContextMenu={itemMenu.onContextMenu}>
      <button
        type="button"
        data-nav-item
        className={`nav-item${active ? ' active' : ''}${unreadClasses(state)}`}
        aria-current={active ? 'page' : undefined}
        aria-label={unreadLabel(label, state)}
        onClick={() => {
          open(key);
          openDrawer(false);
        }}
      >
        <span className="avatar avatar-md room-avatar" aria-hidden="true">
          #
        </span>
        <span className="nav-text">
          <span className="nav-line">
            <span className="nav-title truncate">
              #<Name>{room}</Name>
            </span>
            <span className="nav-time">{last ? sidebarTime(last.ts) : ''}</span>
          </span>
          <span className="nav-line">
            <span className="nav-preview truncate" dir="auto">
              {preview(last)}
            </span>
            <UnreadBadges state={state} />
          </span>
        </span>
      </button>
      {itemMenu.menu}
    </li>
  );
}

export function RoomsSection({ activeKey }: { activeKey: string | undefined }) {
  const loggedIn = useSessionStore((s) => s.state === 'logged-in');
  const rooms = useRoomsStore((s) => s.rooms);
  const load = useRoomsStore((s) => s.load);
  const keys = useConversationKeys();
  const search = useUiStore((s) => s.search.trim().toLowerCase());
  const [dialog, setDialog] = useState<'create' | 'browse' | undefined>();

  useEffect(() => {
    if (loggedIn) void load();
  }, [loggedIn, load]);

  const joined = useMemo(() => {
    const listed = new Set(rooms.filter((r) => r.joined).map((r) => r.room));
    // The most recent first (the order of `keys`), then joined rooms without a message yet.
    const fromKeys = keys.filter((k) => kindOf(k) === 'room').map((k) => roomOf(k) ?? '');
    const names = [...new Set([...fromKeys.filter((r) => listed.has(r) || rooms.length === 0), ...listed])];
    return names.filter((r) => r !== '' && (search === '' || `#${r}`.includes(search)));
  }, [rooms, keys, search]);

  return (
    <section className="nav rooms-section" aria-label="Rooms">
      <h2 className="section-title">Rooms</h2>
      {joined.length > 0 && (
        <ul>
          {joined.map((r) => (
            <RoomItem key={r} room={r} active={activeKey === keyFor('room', r)} />
          ))}
        </ul>
      )}
      <div className="room-actions">
        <button type="button" className="link" disabled={!loggedIn} onClick={() => setDialog('create')}>
          Create room
        </button>
        <button type="button" className="link" disabled={!loggedIn} onClick={() => setDialog('browse')}>
          Browse rooms
        </button>
      </div>
      {dialog === 'create' && <CreateRoomDialog onClose={() => setDialog(undefined)} />}
      {dialog === 'browse' && <BrowseRoomsDialog onClose={() => setDialog(undefined)} />}
    </section>
  );
}
