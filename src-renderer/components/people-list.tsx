/**
 * People with presence: online now, then recently online (whoelsesince, with a choosable window),
 * then others this user has talked to. Clicking a person opens the direct conversation.
 */
import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { keyFor, kindOf, peerOf } from '../../src-shared/api/index.js';
import { formatDuration, shareAddress } from '../format.js';
import { useAccountStore } from '../stores/account-store.js';
import { useConversationsStore } from '../stores/conversations-store.js';
import { useHostStore } from '../stores/host-store.js';
import { usePeopleStore } from '../stores/people-store.js';
import { presenceWords, useLastSeen, usePresence } from '../stores/presence.js';
import { useSessionStore } from '../stores/session-store.js';
import { peopleSections } from '../stores/sidebar-selectors.js';
import { useSettingsStore } from '../stores/settings-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { Avatar } from './avatar.js';
import { Name } from './name.js';

const WINDOWS = [
  { seconds: 15 * 60, label: '15 minutes' },
  { seconds: 3600, label: 'hour' },
  { seconds: 86_400, label: 'day' },
  { seconds: 7 * 86_400, label: 'week' },
];

/** One person: presence from the one source (stores/presence.ts), and when last seen if offline. */
function Person({ name, active }: { name: string; active: boolean }) {
  const open = useConversationsStore((s) => s.open);
  const openDrawer = useUiStore((s) => s.openDrawer);
  const blocked = usePeopleStore((s) => s.blocked.includes(name));
  const presence = usePresence(name);
  const lastSeen = useLastSeen(name);
  const words = `${presenceWords[presence]}${presence === 'offline' && lastSeen ? `, ${lastSeen}` : ''}${blocked ? ', blocked' : ''}`;
  const status = blocked
    ? 'blocked'
    : presence === 'unknown'
      ? 'not known'
      : presence === 'offline' && lastSeen
        ? lastSeen.replace(/^last /, '')
        : presenceWords[presence];
  return (
    <li>
      <button
        type="button"
        data-nav-item
        className={`nav-item person${active ? ' active' : ''}`}
        aria-label={`${name}, ${words}`}
        onClick={() => {
          open(keyFor('direct', name));
          openDrawer(false);
        }}
      >
        <Avatar name={name} online={presence === 'unknown' ? undefined : presence === 'online'} size="sm" />
        <span className="nav-title truncate">
          <Name>{name}</Name>
        </span>
        <span className={`person-status${presence === 'online' ? ' on' : ''}`}>{status}</span>
      </button>
    </li>
  );
}

export function PeopleList({ activePeer }: { activePeer: string | undefined }) {
  const me = useSessionStore((s) => s.username);
  const loggedIn = useSessionStore((s) => s.state === 'logged-in');
  const online = usePeopleStore(useShallow((s) => s.online));
  const recent = usePeopleStore((s) => s.recent);
  const loadRecent = usePeopleStore((s) => s.loadRecent);
  const windowSeconds = useSettingsStore((s) => s.settings?.recentlyOnlineSeconds ?? 3600);
  const updateSettings = useSettingsStore((s) => s.update);
  const host = useHostStore((s) => s.status);
  const talkedTo = useConversationsStore(
    useShallow((s) =>
      Object.keys(s.byKey)
        .filter((k) => kindOf(k) === 'direct')
        .map((k) => peerOf(k) ?? ''),
    ),
  );
  const search = useUiStore((s) => s.search.trim().toLowerCase());

  useEffect(() => {
    if (loggedIn) void loadRecent(windowSeconds);
  }, [loggedIn, windowSeconds, loadRecent]);

  // Defect 2: a search also asks the server for anyone registered, never-online users included.
  const found = useAccountStore((s) => s.found);
  const findUsers = useAccountStore((s) => s.findUsers);
  const searchable = loggedIn && search.length >= 1 && search.length <= 32;
  useEffect(() => {
    if (searchable) void findUsers(search);
  }, [searchable, search, findUsers]);

  const recentUsers = recent?.users;
  // While disconnected nobody is known to be online: everyone is listed without presence claims.
  const { nowOnline, recently, others } = useMemo(
    () => peopleSections({ me, loggedIn, online, recent: recentUsers ?? [], talkedTo, search }),
    [me, loggedIn, online, recentUsers, talkedTo, search],
  );
  const registered = useMemo(() => {
    if (!searchable || found?.prefix !== search) return [];
    const listed = new Set([...nowOnline, ...recently, ...others, ...online]);
    return found.users.filter((u) => u !== me && !listed.has(u));
  }, [searchable, found, search, nowOnline, recently, others, online, me]);
  const knownWindow = WINDOWS.some((w) => w.seconds === windowSeconds);

  return (
    <section className="people" aria-labelledby="people-title">
      <h2 id="people-title" className="section-title">
        People
      </h2>
      {!loggedIn && <p className="empty-line">Who is online shows again once you are reconnected.</p>}
      {loggedIn && nowOnline.length === 0 && search !== '' && (
        <p className="empty-line">Nobody online by that name.</p>
      )}
      {loggedIn && nowOnline.length === 0 && search === '' && (
        <p className="empty-line">
          Nobody else is online right now.
          {host.state === 'running' && (
            <>
              {' '}
              Share <span className="mono">{shareAddress(host)}</span> so others can join.
            </>
          )}
        </p>
      )}
      <ul aria-label="Online now">
        {nowOnline.map((u) => (
          <Person key={u} name={u} active={activePeer === u} />
        ))}
      </ul>
      {others.length > 0 && (
        <ul aria-label="Others">
          {others.map((u) => (
            <Person key={u} name={u} active={activePeer === u} />
          ))}
        </ul>
      )}
      {registered.length > 0 && (
        <ul aria-label="Everyone on this server">
          {registered.map((u) => (
            <Person key={u} name={u} active={activePeer === u} />
          ))}
        </ul>
      )}
      <div className="recent-head">
        <label htmlFor="recent-window">Recently online, last</label>
        <select
          id="recent-window"
          value={windowSeconds}
          onChange={(e) => void updateSettings({ recentlyOnlineSeconds: Number(e.target.value) })}
        >
          {!knownWindow && <option value={windowSeconds}>{formatDuration(windowSeconds)}</option>}
          {WINDOWS.map((w) => (
            <option key={w.seconds} value={w.seconds}>
              {w.label}
            </option>
          ))}
        </select>
      </div>
      {recently.length === 0 ? (
        <p className="empty-line">
          {search === ''
            ? 'Nobody else in that time.'
            : registered.length > 0
              ? 'Nobody recently online by that name.'
              : 'Nobody by that name.'}
        </p>
      ) : (
        <ul aria-label="Recently online">
          {recently.map((u) => (
            <Person key={u} name={u} active={activePeer === u} />
          ))}
        </ul>
      )}
    </section>
  );
}
