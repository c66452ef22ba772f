/** An open room: `#name` and topic, its timeline with senders and quiet lines, members, composer. */
import { useEffect, useId, useState } from 'react';
import type { RoomMember } from '../../src-shared/api/index.js';
import { useConversationsStore, useMessages } from '../stores/conversations-store.js';
import { useRoomsStore } from '../stores/rooms-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { visibleText } from '../visible-text.js';
import { Composer } from './composer.js';
import { MenuIcon } from './icons.js';
import { MessageList } from './message-list.js';
import { MuteButton } from './mute-toggle.js';
import { Name } from './name.js';
import { RoomTopic } from './room-topic.js';
import { useRoomReadPositions } from './seen-by.js';
import { TypingLine } from './typing-line.js';
import { SEARCH_INPUT_ID } from './sidebar.js';

const NO_MEMBERS: RoomMember[] = [];

function byPresence(a: RoomMember, b: RoomMember): number {
  if (a.online !== b.online) return a.online ? -1 : 1;
  return a.user.localeCompare(b.user);
}

function MembersPanel({ room }: { room: string }) {
  const ids = { title: useId(), invite: useId() };
  const me = useSessionStore((s) => s.username);
  const members = useRoomsStore((s) => s.members[room] ?? NO_MEMBERS);
  const loadMembers = useRoomsStore((s) => s.loadMembers);
  const invite = useRoomsStore((s) => s.invite);
  const kick = useRoomsStore((s) => s.kick);
  const leave = useRoomsStore((s) => s.leave);
  const [who, setWho] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>();
  const iOwn = members.some((m) => m.owner && m.user === me);

  useEffect(() => {
    void loadMembers(room);
  }, [room, loadMembers]);

  function report(error: string | undefined, done: string) {
    setResult(error === undefined ? { ok: true, text: done } : { ok: false, text: visibleText(error) });
  }

  return (
    <aside className="room-members" aria-labelledby={ids.title}>
      <h2 id={ids.title} className="section-title">
        Members ({members.length})
      </h2>
      <ul aria-label={`Members of #${room}`}>
        {[...members].sort(byPresence).map((m) => (
          <li
            key={m.user}
            aria-label={`${m.user}${m.owner ? ', owner' : ''}, ${m.online ? 'online' : 'offline'}`}
          >
            <span className={m.online ? 'presence on' : 'presence'}>
              <Name>{m.user}</Name>
              {m.owner ? ' (owner)' : ''} · {m.online ? 'online' : 'offline'}
            </span>
            {iOwn && m.user !== me && (
              <button
                type="button"
                className="link"
                aria-label={`Kick ${m.user}`}
                onClick={() => void kick(room, m.user).then((e) => report(e, `${m.user} was removed`))}
              >
                Kick
              </button>
            )}
          </li>
        ))}
      </ul>
      <form
        className="room-invite"
        onSubmit={(e) => {
          e.preventDefault();
          const user = who.trim();
          if (user === '') return;
          void invite(room, user).then((error) => {
            report(error, `${user} was invited`);
            if (error === undefined) setWho('');
          });
        }}
      >
        <label htmlFor={ids.invite}>Invite someone</label>
        <input id={ids.invite} value={who} onChange={(e) => setWho(e.target.value)} />
        <button type="submit" className="secondary" disabled={who.trim() === ''}>
          Invite
        </button>
      </form>
      {result && (
        <p className={result.ok ? 'muted' : 'form-error'} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </p>
      )}
      <button
        type="button"
        className="secondary"
        onClick={() => void leave(room).then((e) => e !== undefined && report(e, ''))}
      >
        Leave room
      </button>
    </aside>
  );
}

export function RoomView({ conversationKey, room }: { conversationKey: string; room: string }) {
  const messages = useMessages(conversationKey);
  const focusId = useConversationsStore((s) => (s.focus?.key === conversationKey ? s.focus.id : undefined));
  const openDrawer = useUiStore((s) => s.openDrawer);
  const summary = useRoomsStore((s) => s.rooms.find((r) => r.room === room));
  const [showMembers, setShowMembers] = useState(false);
  useRoomReadPositions(room);
  // A new join or leave line: the member list may have changed.
  const lastNotice = messages.findLast((m) => m.notice !== undefined)?.id;
  const loadMembers = useRoomsStore((s) => s.loadMembers);
  const loadRooms = useRoomsStore((s) => s.load);
  useEffect(() => {
    if (lastNotice === undefined) return;
    void loadRooms();
    if (showMembers) void loadMembers(room);
  }, [showMembers, lastNotice, room, loadMembers, loadRooms]);

  return (
    <section className="conversation room" aria-labelledby="conversation-title">
      <header className="conv-header">
        <button
          type="button"
          className="icon-button drawer-toggle"
          aria-label="Show conversations"
          onClick={() => {
            openDrawer(true);
            requestAnimationFrame(() => document.getElementById(SEARCH_INPUT_ID)?.focus());
          }}
        >
          <MenuIcon />
        </button>
        <span className="avatar avatar-md room-avatar" aria-hidden="true">
          #
        </span>
        <div className="conv-title">
          <h1 id="conversation-title" className="truncate">
            #<Name>{room}</Name>
          </h1>
          <RoomTopic room={room} summary={summary} />
        </div>
        <MuteButton conversationKey={conversationKey} />
        <button
          type="button"
          className="secondary"
          aria-expanded={showMembers}
          onClick={() => setShowMembers(!showMembers)}
        >
          Members{summary ? ` (${summary.members})` : ''}
        </button>
      </header>
      <div className="room-body">
        <div className="room-timeline">
          <MessageList
            label={`Room #${room}`}
            messages={messages}
            focusId={focusId}
            conversationKey={conversationKey}
            room={room}
            showSender
            empty={`No messages in #${room} yet. Say hello.`}
          />
          <TypingLine conversationKey={conversationKey} />
          <Composer
            conversationKey={conversationKey}
            placeholder={`Message #${room}…`}
            disabledReason={summary?.joined === false ? `You are not in #${room}` : undefined}
          />
        </div>
        {showMembers && <MembersPanel room={room} />}
      </div>
    </section>
  );
}
