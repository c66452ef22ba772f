/**
 * Older room history as the reader scrolls up: near the top of the list the next page comes from
 * the server (`loadOlder`, protocol 1.2 `[history]`), one page at a time, until the room's
 * beginning. The list keeps the reader's place when it arrives (message-list.tsx).
 */
import { useCallback, useEffect, type RefObject } from 'react';
import { useConversationsStore } from '../stores/conversations-store.js';

/** This close to the top (px) counts as there: the next page is asked before the reader waits. */
const NEAR_TOP = 240;

export function useOlderHistory(
  conversationKey: string | undefined,
  enabled: boolean,
  scrollRef: RefObject<HTMLDivElement | null>,
): () => void {
  const loadOlder = useConversationsStore((s) => s.loadOlder);
  const state = useConversationsStore((s) =>
    conversationKey === undefined ? undefined : s.byKey[conversationKey],
  );
  const ready = enabled && state?.full === true && state.more !== false && state.loadingOlder !== true;

  const check = useCallback(() => {
    const el = scrollRef.current;
    if (!ready || conversationKey === undefined || !el) return;
    if (el.scrollTop < NEAR_TOP) void loadOlder(conversationKey);
  }, [ready, conversationKey, loadOlder, scrollRef]);

  // Also when a page did not fill the view, or the list opened near its top.
  useEffect(() => {
    const frame = requestAnimationFrame(check);
    return () => cancelAnimationFrame(frame);
  }, [check, state?.messages.length]);

  return check;
}
