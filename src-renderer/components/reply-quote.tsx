/**
 * The quoted start of the message a reply answers: pressing it shows the original in the list
 * (the same way an opened search result is shown). A deleted or unknown original says so.
 */
import { keyOf, type ChatMessage } from '../../src-shared/api/index.js';
import { snippet } from '../message-actions.js';
import { useConversationsStore } from '../stores/conversations-store.js';
import { visibleText } from '../visible-text.js';
import { Name } from './name.js';

/** The message `id` of conversation `key`, searched from the newest (replies are mostly recent). */
export function useParent(key: string, id: string | undefined): ChatMessage | undefined {
  return useConversationsStore((s) => {
    if (id === undefined) return undefined;
    const messages = s.byKey[key]?.messages ?? [];
    for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.id === id) return messages[i];
    return undefined;
  });
}

export function ReplyQuote({ message }: { message: ChatMessage }) {
  const key = keyOf(message);
  const parent = useParent(key, message.replyTo);
  const open = useConversationsStore((s) => s.open);
  if (message.replyTo === undefined) return null;
  if (parent === undefined || parent.deleted) {
    return (
      <p className="reply-quote gone" dir="auto">
        {parent === undefined
          ? 'In reply to a message that is not here (deleted or not loaded)'
          : 'In reply to: original message deleted'}
      </p>
    );
  }
  const text = snippet(parent.text);
  return (
    <button
      type="button"
      className="reply-quote"
      aria-label={`In reply to ${parent.direction === 'out' ? 'you' : visibleText(parent.from)}: ${text}. Show the original`}
      onClick={() => open(key, parent.id)}
    >
      <span className="reply-author">
        <Name>{parent.direction === 'out' ? 'You' : parent.from}</Name>
      </span>{' '}
      <span className="reply-text" dir="auto">
        {text}
      </span>
    </button>
  );
}
