/**
 * People with presence: online now, then recently online (whoelsesince, with a choosable window),
 * then others this user has talked to. Clicking a person opens the direct conversation.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatDuration } from '../format.js';
import { useConversationsStore } from '../stores/conversations-store.js';
import { useHostStore } from '../stores/host-store.js';
import { usePeopleStore } from '../stores/people-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { useSettingsStore } from '../stores/settings-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { Avatar } from './avatar.js';
import { ShareLine } from './share-line.js';

const WINDOWS = [
  { seconds: 15 * 60, label: '15 minutes' },
  { seconds: 3600, label: 'hour' },
  { seconds: 86_400, label: 'day' },
  { seconds: 7 * 86_400, label: 'week' },
];

function Person({
  name,
  status,
  online,
  active,
}: {
  name: string;
  status: string;
  online: boolean;
  active: boolean;
}) {
  const open = useConversationsStore((s) => s.open);
  const openDrawer = useUiStore((s) => s.openDrawer);
  const blocked = usePeopleStore((s) => s.blocked.includes(name));
  const words = `${online ? 'online' : 'offline'}${blocked ? ', blocked' : ''}`;
  return (
    <li>
      <button
        type="button"
        data-nav-item
        className={`nav-item person${active ? ' active' : ''}`}
        aria-label={`${name}, ${words}`}
        onClick={() => {
          open(`direct:${name}`);
          openDrawer(false);
        }}
      >
        <Avatar name={name} online={online} size="sm" />
        <span className="nav-title truncate">{name}</span>
        <span className={`person-status${online ? ' on' : ''}`}>{blocked ? 'blocked' : status}</span>
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
        .filter((k) => k.startsWith('direct:'))
        .map((k) => k.slice(7)),
    ),
  );
  const search = useUiStore((s) => s.search.trim().toLowerCase());

  useEffect(() => {
    if (loggedIn) void loadRecent(windowSeconds);
  }, [loggedIn, windowSeconds, loadRecent]);

  const matches = (name: string) => name !== me && (search === '' || name.toLowerCase().includes(search));
  const onlineSet = new Set(online);
  const nowOnline = loggedIn ? online.filter(matches) : [];
  const recently = (recent?.users ?? []).filter((u) => !onlineSet.has(u) && matches(u));
  const shown = new Set([...nowOnline, ...recently]);
  // While disconnected nobody is known to be online: everyone is listed without presence claims.
  const known = loggedIn ? talkedTo : [...talkedTo, ...online];
  const others = [...new Set(known)].filter((u) => !shown.has(u) && matches(u)).sort();
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
          {host.state === 'running' && <ShareLine status={host} />}
        </p>
      )}
      <ul aria-label="Online now">
        {nowOnline.map((u) => (
          <Person key={u} name={u} status="online" online active={activePeer === u} />
        ))}
      </ul>
      {others.length > 0 && (
        <ul aria-label="Others">
          {others.map((u) => (
            <Person key={u} name={u} status="offline" online={false} active={activePeer === u} />
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
        <p className="empty-line">{search === '' ? 'Nobody else in that time.' : 'Nobody by that name.'}</p>
      ) : (
        <ul aria-label="Recently online">
          {recently.map((u) => (
            <Person key={u} name={u} status="recently" online={false} active={activePeer === u} />
          ))}
        </ul>
      )}
    </section>
  );
}
