/**
 * "bob is typing…" under a conversation's messages: a polite live region that is always there
 * (so a screen reader hears each change) and never takes focus.
 */
import { useSessionStore } from '../stores/session-store.js';
import { useTypists } from '../stores/signals-store.js';
import { typingWords } from '../typing-words.js';
import { Name } from './name.js';

export function TypingLine({ conversationKey }: { conversationKey: string }) {
  const me = useSessionStore((s) => s.username);
  const typists = useTypists(conversationKey).filter((u) => u !== me);
  const words = typingWords(typists);
  return (
    <p className="typing-line" role="status" aria-live="polite">
      {words.kind === 'one' && (
        <>
          <Name>{words.names[0]}</Name> is typing…
        </>
      )}
      {words.kind === 'two' && (
        <>
          <Name>{words.names[0]}</Name> and <Name>{words.names[1]}</Name> are typing…
        </>
      )}
      {words.kind === 'several' && 'Several people are typing…'}
    </p>
  );
}
