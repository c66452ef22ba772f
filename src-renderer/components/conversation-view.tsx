/** The open conversation: header with presence and the person menu, messages, composer. */
import { BROADCAST_KEY, kindOf, peerOf } from '../../src-shared/api/index.js';
import { useConversationsStore, useMessages } from '../stores/conversations-store.js';
import { usePeopleStore } from '../stores/people-store.js';
import { presenceWords, useLastSeen, usePresence } from '../stores/presence.js';
import { usePrivateStore } from '../stores/private-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { visibleText } from '../visible-text.js';
import { Avatar } from './avatar.js';
import { Composer } from './composer.js';
import { EncryptionBadge } from './encryption-badge.js';
import { FileTransferList, SendFileControls, useFileDrop } from './file-transfers.js';
import { MegaphoneIcon, MenuIcon, PeerIcon } from './icons.js';
import { MessageList } from './message-list.js';
import { Name } from './name.js';
import { PeerBadge } from './peer-badge.js';
import { PersonMenu } from './person-menu.js';
import { PrivateStatusLine } from './private-status-line.js';
import { SEARCH_INPUT_ID } from './sidebar.js';
import { TypingLine } from './typing-line.js';

function BroadcastPresence() {
  const loggedIn = useSessionStore((s) => s.state === 'logged-in');
  const onlineCount = usePeopleStore((s) => s.online.length);
  if (!loggedIn) return <span className="presence">{presenceWords.unknown}</span>;
  return (
    <span className="presence">
      {onlineCount} other{onlineCount === 1 ? '' : 's'} online
    </span>
  );
}

function PersonPresence({ peer }: { peer: string }) {
  const presence = usePresence(peer);
  const lastSeen = useLastSeen(peer);
  const blocked = usePeopleStore((s) => s.blocked.includes(peer));
  return (
    <span className={`presence${presence === 'online' ? ' on' : ''}`}>
      {presence === 'offline' && lastSeen ? `offline · ${lastSeen}` : presenceWords[presence]}
      {blocked ? ' · blocked by you' : ''}
    </span>
  );
}

export function ConversationView({ conversationKey }: { conversationKey: string }) {
  const messages = useMessages(conversationKey);
  const focusId = useConversationsStore((s) => (s.focus?.key === conversationKey ? s.focus.id : undefined));
  const openDrawer = useUiStore((s) => s.openDrawer);
  const peer = peerOf(conversationKey);
  const isBroadcast = conversationKey === BROADCAST_KEY;
  const isPrivate = kindOf(conversationKey) === 'private';
  const presence = usePresence(peer ?? '');
  const privateLive = usePrivateStore((s) => (peer ? s.chats.includes(peer) : false));
  const peopleError = usePeopleStore((s) => s.error);
  const drop = useFileDrop(isPrivate ? peer : undefined, privateLive);

  const title = isBroadcast ? 'Broadcast' : (peer ?? '');
  const label = isBroadcast
    ? 'Broadcast'
    : isPrivate
      ? `Private chat with ${title}`
      : `Conversation with ${title}`;

  return (
    <section className="conversation" aria-labelledby="conversation-title" {...drop.handlers}>
      <header className="conv-header">
        <button
          type="button"
          className="icon-button drawer-toggle"
          aria-label="Show conversations"
          onClick={() => {
            openDrawer(true);
            // Into the drawer, so the keyboard is where the eyes are.
            requestAnimationFrame(() => document.getElementById(SEARCH_INPUT_ID)?.focus());
          }}
        >
          <MenuIcon />
        </button>
        {isBroadcast ? (
          <span className="avatar avatar-md broadcast-avatar" aria-hidden="true">
            <MegaphoneIcon />
          </span>
        ) : (
          <Avatar name={title} online={presence === 'unknown' ? undefined : presence === 'online'} />
        )}
        <div className="conv-title">
          <h1 id="conversation-title" className="truncate">
            {isBroadcast ? 'Broadcast to everyone' : <Name>{title}</Name>}
          </h1>
          {isBroadcast ? <BroadcastPresence /> : peer && <PersonPresence peer={peer} />}
        </div>
        {isPrivate && <PeerBadge />}
        {peer && !isBroadcast && <EncryptionBadge peer={peer} live={privateLive} isPrivate={isPrivate} />}
        {peer && <PersonMenu peer={peer} conversationKey={conversationKey} />}
      </header>
      {isPrivate && (
        <p className="p2p-note">
          <PeerIcon size={12} /> Peer to peer: messages go straight between your two computers and are not
          stored on the server.
        </p>
      )}
      {isBroadcast && (
        <p className="conv-note">
          Messages here go to everyone online now; they are not kept for people who are away.
        </p>
      )}
      {peopleError && !isBroadcast && (
        <p className="conv-note bad" role="alert">
          {visibleText(peopleError)}
        </p>
      )}
      <MessageList
        label={label}
        messages={messages}
        focusId={focusId}
        conversationKey={conversationKey}
        showSender
        empty={
          isBroadcast
            ? 'No broadcasts yet. Say hello to everyone.'
            : isPrivate
              ? `Nothing yet. What you write here goes straight to ${title}'s computer.`
              : `No messages yet. Say hello to ${title}.`
        }
      />
      <TypingLine conversationKey={conversationKey} />
      {isPrivate && peer && <FileTransferList peer={peer} />}
      {peer && !isBroadcast && <PrivateStatusLine peer={peer} inPrivateChat={isPrivate} />}
      {isPrivate && peer && (
        <>
          {drop.dropped && privateLive && (
            <p className="conv-note" role="status">
              Type where {drop.dropped} is on this computer: the browser does not tell Parley.
            </p>
          )}
          <SendFileControls peer={peer} live={privateLive} />
        </>
      )}
      <Composer
        conversationKey={conversationKey}
        placeholder={isBroadcast ? 'Message everyone…' : `Message ${title}…`}
        disabledReason={isPrivate && !privateLive ? 'This private chat has ended' : undefined}
      />
    </section>
  );
}
