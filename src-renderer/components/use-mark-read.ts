/**
 * Marks the open conversation read (unread to 0 and, when "Send read receipts" is on, a `[read]`)
 * only when its user can see the newest message: the window is visible and focused and the list
 * is scrolled to its end. A message that arrives while the window is hidden stays unread.
 */
import { useEffect, useState } from 'react';
import { useConversationsStore } from '../stores/conversations-store.js';

function lookedAt(): boolean {
  return document.visibilityState === 'visible' && document.hasFocus();
}

export function useMarkRead(conversationKey: string | undefined, newestInView: boolean): void {
  const unread = useConversationsStore((s) =>
    conversationKey === undefined ? 0 : (s.byKey[conversationKey]?.unread ?? 0),
  );
  const markRead = useConversationsStore((s) => s.markRead);
  const [looking, setLooking] = useState(lookedAt);

  useEffect(() => {
    const update = () => setLooking(lookedAt());
    window.addEventListener('focus', update);
    window.addEventListener('blur', update);
    document.addEventListener('visibilitychange', update);
    return () => {
      window.removeEventListener('focus', update);
      window.removeEventListener('blur', update);
      document.removeEventListener('visibilitychange', update);
    };
  }, []);

  useEffect(() => {
    if (conversationKey !== undefined && unread > 0 && newestInView && looking) markRead(conversationKey);
  }, [conversationKey, unread, newestInView, looking, markRead]);
}
