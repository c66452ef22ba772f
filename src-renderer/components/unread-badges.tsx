/** A sidebar item's badges: the unread count (none when muted) and the mentions among them. */
import { badgeNumber, showsCount, type UnreadState } from '../unread-words.js';

export function UnreadBadges({ state }: { state: UnreadState }) {
  return (
    <>
      {state.mentions > 0 && (
        <span className="mention-badge" aria-hidden="true" title="Mentions you">
          @{badgeNumber(state.mentions)}
        </span>
      )}
      {showsCount(state) && (
        <span className="unread" aria-hidden="true">
          {badgeNumber(state.unread)}
        </span>
      )}
    </>
  );
}

/** The item's classes for its unread state: bold when something counts, dimmed when muted. */
export function unreadClasses(state: UnreadState): string {
  const counts = showsCount(state) || state.mentions > 0;
  return `${counts ? ' has-unread' : ''}${state.muted ? ' is-muted' : ''}`;
}
