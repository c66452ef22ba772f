/** The open conversation: header with presence and the person menu, messages, composer. */
import { BROADCAST_KEY, conversationPeer } from '../../src-shared/api/index.js';
import { useConversationsStore } from '../stores/conversations-store.js';
import { usePeopleStore } from '../stores/people-store.js';
import { usePrivateStore } from '../stores/private-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { Avatar } from './avatar.js';
import { Composer } from './composer.js';
import { EncryptionBadge } from './encryption-badge.js';
import { FileTransferList, SendFileControls, useFileDrop } from './file-transfers.js';
import { LockIcon, MegaphoneIcon, MenuIcon } from './icons.js';
import { MessageList } from './message-list.js';
import { PersonMenu } from './person-menu.js';
import { PrivateRequestLine } from './private-request-line.js';
import { SEARCH_INPUT_ID } from './sidebar.js';

const EMPTY: never[] = [];

function endedWords(peer: string, by: string, reason: string): string {
  if (by === 'me') return 'You ended this private chat.';
  if (by === 'network')
    return `The connection to ${peer} was lost${reason ? ` (${reason})` : ''}; the private chat ended.`;
  switch (reason) {
    case 'stopped':
      return `${peer} ended the private chat.`;
    case 'logout':
      return `${peer} logged out, so the private chat ended.`;
    case 'timeout':
      return `${peer} was logged out for inactivity, so the private chat ended.`;
    case 'disconnect':
      return `${peer} disconnected, so the private chat ended.`;
    default:
      return `${peer} left the private chat (${reason}).`;
  }
}

export function ConversationView({ conversationKey }: { conversationKey: string }) {
  const messages = useConversationsStore((s) => s.byKey[conversationKey]?.messages ?? EMPTY);
  const openDrawer = useUiStore((s) => s.openDrawer);
  const peer = conversationPeer(conversationKey);
  const isBroadcast = conversationKey === BROADCAST_KEY;
  const isPrivate = conversationKey.startsWith('private:');
  const online = usePeopleStore((s) => (peer ? s.online.includes(peer) : false));
  const blocked = usePeopleStore((s) => (peer ? s.blocked.includes(peer) : false));
  const onlineCount = usePeopleStore((s) => s.online.length);
  const privateLive = usePrivateStore((s) => (peer ? s.chats.includes(peer) : false));
  const ended = usePrivateStore((s) => (peer ? s.ended[peer] : undefined));
  const outgoing = usePrivateStore((s) => (peer ? s.outgoing[peer] !== undefined : false));
  const loggedIn = useSessionStore((s) => s.state === 'logged-in');
  // Disconnected, the last presence list is stale: claim online only over a live private chat.
  const shownOnline = online && (loggedIn || privateLive);
  const peopleError = usePeopleStore((s) => s.error);
  const drop = useFileDrop(isPrivate ? peer : undefined, privateLive);

  const title = isBroadcast ? 'Broadcast' : (peer ?? '');
  const label = isBroadcast
    ? 'Broadcast'
    : isPrivate
      ? `Private chat with ${title}`
      : `Conversation with ${title}`;
  const presence = isBroadcast
    ? `${onlineCount} other${onlineCount === 1 ? '' : 's'} online`
    : `${!loggedIn && !privateLive ? 'not known while disconnected' : shownOnline ? 'online' : 'offline'}${blocked ? ' · blocked by you' : ''}`;

  let disabledReason: string | undefined;
  if (isPrivate && !privateLive) {
    disabledReason = ended ? endedWords(title, ended.by, ended.reason) : 'This private chat has ended.';
  }

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
          <Avatar name={title} online={shownOnline} />
        )}
        <div className="conv-title">
          <h1 id="conversation-title" className="truncate">
            {isBroadcast ? 'Broadcast to everyone' : title}
          </h1>
          <span className={`presence${shownOnline ? ' on' : ''}`}>{presence}</span>
        </div>
        {isPrivate && (
          <span className="badge p2p">
            <LockIcon size={12} /> <span className="badge-words">Peer to peer</span>
          </span>
        )}
        {peer && !isBroadcast && <EncryptionBadge peer={peer} live={privateLive} isPrivate={isPrivate} />}
        {peer && <PersonMenu peer={peer} />}
      </header>
      {isPrivate && (
        <p className="p2p-note">
          <LockIcon size={12} /> Peer to peer — not stored on the server. Messages go straight between your
          two computers.
        </p>
      )}
      {isBroadcast && (
        <p className="conv-note">
          Messages here go to everyone online now; they are not kept for people who are away.
        </p>
      )}
      {peopleError && !isBroadcast && (
        <p className="conv-note bad" role="alert">
          {peopleError}
        </p>
      )}
      <MessageList
        label={label}
        messages={messages}
        showSender
        empty={
          isBroadcast
            ? 'No broadcasts yet. Say hello to everyone.'
            : isPrivate
              ? `Nothing yet. Only you and ${title} will see what you write here.`
              : `No messages yet. Say hello to ${title}.`
        }
      />
      {isPrivate && peer && <FileTransferList peer={peer} />}
      {peer && !isBroadcast && <PrivateRequestLine peer={peer} />}
      {disabledReason && peer && (
        <div className="ended-line" role="status">
          <span>{disabledReason}</span>
          {!outgoing && (
            <button
              type="button"
              className="secondary small"
              onClick={() => void usePrivateStore.getState().start(peer)}
            >
              Ask again
            </button>
          )}
        </div>
      )}
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
        disabledReason={disabledReason && 'This private chat has ended'}
      />
    </section>
  );
}
