/** Broadcast, direct and private conversations, each with its last message and unread count. */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { BROADCAST_KEY, kindOf, peerOf, type ChatMessage } from '../../src-shared/api/index.js';
import { sidebarTime } from '../format.js';
import {
  useConversation,
  useConversationKeys,
  useConversationsStore,
} from '../stores/conversations-store.js';
import { usePrivateStore } from '../stores/private-store.js';
import { conversationSections, titleOf } from '../stores/sidebar-selectors.js';
import { useUiStore } from '../stores/ui-store.js';
import { unreadLabel } from '../unread-words.js';
import { visibleText } from '../visible-text.js';
import { Avatar } from './avatar.js';
import { MegaphoneIcon, PeerIcon } from './icons.js';
import { useItemMenu } from './mute-toggle.js';
import { Name } from './name.js';
import { UnreadBadges, unreadClasses } from './unread-badges.js';

function preview(message: ChatMessage | undefined): string {
  if (!message) return '';
  const who = message.direction === 'out' ? 'You: ' : message.kind === 'broadcast' ? `${message.from}: ` : '';
  return visibleText(who + message.text.replace(/\s+/g, ' ').slice(0, 120));
}

function when(message: ChatMessage | undefined): string {
  return message ? sidebarTime(message.ts) : '';
}

interface ItemProps {
  conversationKey: string;
  active: boolean;
  live?: boolean;
}

function Item({ conversationKey, active, live }: ItemProps) {
  const conversation = useConversation(conversationKey);
  const open = useConversationsStore((s) => s.open);
  const openDrawer = useUiStore((s) => s.openDrawer);
  const last = conversation?.messages.at(-1);
  const unread = conversation?.unread ?? 0;
  const state = { unread, mentions: conversation?.mentions ?? 0, muted: conversation?.muted ?? false };
  const title = titleOf(conversationKey);
  const isPrivate = kindOf(conversationKey) === 'private';
  const label =
    conversationKey === BROADCAST_KEY
      ? 'Broadcast'
      : isPrivate
        ? `Private chat with ${title}`
        : `Chat with ${title}`;
  const itemMenu = useItemMenu(conversationKey);
  return (
    <li className="menu-anchor" onContextMenu={itemMenu.onContextMenu}>
      <button
        type="button"
        data-nav-item
        className={`nav-item${active ? ' active' : ''}${unreadClasses(state)}`}
        aria-current={active ? 'page' : undefined}
        aria-label={unreadLabel(label, state)}
        onClick={() => {
          open(conversationKey);
          openDrawer(false);
        }}
      >
        {conversationKey === BROADCAST_KEY ? (
          <span className="avatar avatar-md broadcast-avatar" aria-hidden="true">
            <MegaphoneIcon />
          </span>
        ) : (
          <Avatar name={title} />
        )}
        <span className="nav-text">
          <span className="nav-line">
            <span className="nav-title truncate">
              {isPrivate && <PeerIcon size={12} />}
              {conversationKey === BROADCAST_KEY ? 'Everyone' : <Name>{title}</Name>}
            </span>
            <span className="nav-time">{when(last)}</span>
          </span>
          <span className="nav-line">
            <span className="nav-preview truncate" dir="auto">
              {isPrivate && !live && !last
                ? 'ended'
                : preview(last) || (isPrivate ? 'Peer to peer' : 'No messages yet')}
            </span>
            <UnreadBadges state={state} />
          </span>
        </span>
      </button>
      {itemMenu.menu}
    </li>
  );
}

export function ConversationList({ activeKey }: { activeKey: string | undefined }) {
  // Most recent first; the list re-renders when the order or the set of keys changes, an item
  // when its own conversation does.
  const keys = useConversationKeys();
  const chats = usePrivateStore(useShallow((s) => s.chats));
  const search = useUiStore((s) => s.search.trim().toLowerCase());
  const { broadcast, direct, privateKeys } = useMemo(
    () => conversationSections(keys, chats, search),
    [keys, chats, search],
  );

  return (
    <nav aria-label="Conversations" className="nav">
      {broadcast && (
        <>
          <h2 className="section-title">Broadcast</h2>
          <ul>
            <Item conversationKey={BROADCAST_KEY} active={activeKey === BROADCAST_KEY} />
          </ul>
        </>
      )}
      {direct.length > 0 && (
        <>
          <h2 className="section-title">Direct</h2>
          <ul>
            {direct.map((k) => (
              <Item key={k} conversationKey={k} active={activeKey === k} />
            ))}
          </ul>
        </>
      )}
      {privateKeys.length > 0 && (
        <>
          <h2 className="section-title p2p-title">Private · peer to peer</h2>
          <ul>
            {privateKeys.map((k) => (
              <Item
                key={k}
                conversationKey={k}
                active={activeKey === k}
                live={chats.includes(peerOf(k) ?? '')}
              />
            ))}
          </ul>
        </>
      )}
    </nav>
  );
}
