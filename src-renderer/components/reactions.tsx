/**
 * A message's reactions as chips: the emoji and its count, who reacted on hover and in the
 * accessible name; pressing a chip adds this user's reaction or takes it back.
 */
import { keyOf, type ChatMessage } from '../../src-shared/api/index.js';
import { reactionLabel } from '../message-actions.js';
import { useMessageActionsStore } from '../stores/message-actions-store.js';
import { useSessionStore } from '../stores/session-store.js';
import { visibleText } from '../visible-text.js';

export function Reactions({ message, canReact }: { message: ChatMessage; canReact: boolean }) {
  const me = useSessionStore((s) => s.username);
  const react = useMessageActionsStore((s) => s.react);
  const reactions = message.reactions ?? [];
  if (reactions.length === 0 || message.deleted) return null;
  return (
    <ul className="reactions" aria-label="Reactions">
      {reactions.map(({ emoji, users }) => {
        const mine = me !== undefined && users.includes(me);
        return (
          <li key={emoji}>
            <button
              type="button"
              className={mine ? 'reaction mine' : 'reaction'}
              aria-pressed={mine}
              aria-label={reactionLabel(emoji, users, me)}
              title={users.map((u) => visibleText(u)).join(', ')}
              disabled={!canReact}
              onClick={() => void react(keyOf(message), message.id, emoji, !mine)}
            >
              <span aria-hidden="true">
                {visibleText(emoji)} {users.length}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
