/** The left column: who I am, search, conversations (broadcast, direct, private) and people. */
import { peerOf } from '../../src-shared/api/index.js';
import { shortcutLabel } from '../format.js';
import { useConversationsStore } from '../stores/conversations-store.js';
import { usePrivateStore } from '../stores/private-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { visibleText } from '../visible-text.js';
import { Avatar } from './avatar.js';
import { Name } from './name.js';
import { ConversationList } from './conversation-list.js';
import { MessageResults } from './message-results.js';
import { CloseIcon, GearIcon, SearchIcon } from './icons.js';
import { PeopleList } from './people-list.js';
import { RoomsSection } from './rooms-section.js';
import { SidebarResizer, useSidebarWidth } from './sidebar-resizer.js';

export const SEARCH_INPUT_ID = 'sidebar-search';
const SIDEBAR_ID = 'sidebar';

function Me() {
  const username = useSessionStore((s) => s.username ?? '');
  const state = useSessionStore((s) => s.state);
  const openSettings = useUiStore((s) => s.openSettings);
  const connected = state === 'logged-in';
  return (
    <header className="me">
      <Avatar name={username} online={connected} />
      <div className="me-text">
        <strong className="truncate">
          <Name>{username}</Name>
        </strong>
        <span className={connected ? 'muted' : 'warning-text'}>{connected ? 'Online' : 'Not connected'}</span>
      </div>
      <button
        type="button"
        className="icon-button"
        aria-label="Settings"
        title="Settings"
        onClick={() => openSettings(true)}
      >
        <GearIcon />
      </button>
    </header>
  );
}

function Search() {
  const search = useUiStore((s) => s.search);
  const setSearch = useUiStore((s) => s.setSearch);
  return (
    <div className="search">
      <SearchIcon />
      <input
        id={SEARCH_INPUT_ID}
        type="search"
        aria-label="Search people and conversations"
        placeholder="Search"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && search !== '') {
            e.preventDefault();
            setSearch('');
          }
          if (e.key === 'Enter') {
            e.preventDefault();
            const first = document.querySelector<HTMLButtonElement>('.sidebar [data-nav-item]');
            first?.click();
          }
        }}
      />
      {search === '' ? (
        <kbd aria-hidden="true">{shortcutLabel}</kbd>
      ) : (
        <button
          type="button"
          className="icon-button small"
          aria-label="Clear search"
          onClick={() => setSearch('')}
        >
          <CloseIcon />
        </button>
      )}
    </div>
  );
}

function Lines() {
  const lines = usePrivateStore((s) => s.lines);
  const dismiss = usePrivateStore((s) => s.dismissLine);
  if (lines.length === 0) return null;
  return (
    <ul className="side-lines" aria-label="Private chat requests">
      {lines.map((l) => (
        <li key={l.id}>
          <span dir="auto">{visibleText(l.text)}</span>
          <button
            type="button"
            className="icon-button small"
            aria-label="Dismiss"
            onClick={() => dismiss(l.id)}
          >
            <CloseIcon />
          </button>
        </li>
      ))}
    </ul>
  );
}

export function Sidebar() {
  const activeKey = useConversationsStore((s) => s.activeKey);
  const drawerOpen = useUiStore((s) => s.drawerOpen);
  const { width, setWidth, style } = useSidebarWidth();
  return (
    <aside
      id={SIDEBAR_ID}
      className="sidebar"
      style={style}
      aria-label="Conversations and people"
      data-open={drawerOpen}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && drawerOpen) useUiStore.getState().openDrawer(false);
      }}
    >
      <Me />
      <Search />
      <div className="sidebar-scroll">
        <Lines />
        <ConversationList activeKey={activeKey} />
        <RoomsSection activeKey={activeKey} />
        <PeopleList activePeer={activeKey === undefined ? undefined : peerOf(activeKey)} />
        <MessageResults />
      </div>
      <SidebarResizer width={width} setWidth={setWidth} controls={SIDEBAR_ID} />
    </aside>
  );
}
