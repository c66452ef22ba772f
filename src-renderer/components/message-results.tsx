/** Messages that local history found for the search box; one opens its conversation at it. */
import { useEffect } from 'react';
import type { SearchHit } from '../../src-shared/api/index.js';
import { formatDate, formatDay, formatTime } from '../format.js';
import { useConversationsStore } from '../stores/conversations-store.js';
import { useSearchStore } from '../stores/search-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { visibleText } from '../visible-text.js';
import { Avatar } from './avatar.js';
import { titleOf } from '../stores/sidebar-selectors.js';

function when(ts: number): string {
  const day = formatDay(ts);
  return day === 'Today' ? formatTime(ts) : day === 'Yesterday' ? day : formatDate(ts);
}

function Hit({ hit, me }: { hit: SearchHit; me: string | undefined }) {
  const open = useConversationsStore((s) => s.open);
  const openDrawer = useUiStore((s) => s.openDrawer);
  const { message } = hit;
  const who = message.direction === 'out' || message.from === me ? 'You' : message.from;
  const where = titleOf(hit.key);
  // Network text: controls shown visibly, bidi isolated (visible-text.ts), as in the list above.
  const text = visibleText(message.text.replace(/\s+/g, ' ').slice(0, 160));
  return (
    <li>
      <button
        type="button"
        data-nav-item
        className="nav-item"
        aria-label={`Message from ${who} in ${where}, ${when(message.ts)}: ${text}`}
        onClick={() => {
          open(hit.key, message.id);
          openDrawer(false);
        }}
      >
        <Avatar name={message.from} />
        <span className="nav-text">
          <span className="nav-line">
            <span className="nav-title truncate" dir="auto">
              {who} · {where}
            </span>
            <span className="nav-time">{when(message.ts)}</span>
          </span>
          <span className="nav-line">
            <span className="nav-preview truncate" dir="auto">
              {text}
            </span>
          </span>
        </span>
      </button>
    </li>
  );
}

export function MessageResults() {
  const search = useUiStore((s) => s.search);
  const find = useSearchStore((s) => s.find);
  const hits = useSearchStore((s) => s.hits);
  const query = useSearchStore((s) => s.query);
  const me = useSessionStore((s) => s.username);

  useEffect(() => {
    find(search);
  }, [search, find]);

  if (query === '' || hits.length === 0) return null;
  return (
    <nav aria-label="Messages found" className="nav">
      <h2 className="section-title">Messages</h2>
      <ul>
        {hits.map((hit) => (
          <Hit key={`${hit.key}\n${hit.message.direction}\n${hit.message.id}`} hit={hit} me={me} />
        ))}
      </ul>
    </nav>
  );
}
