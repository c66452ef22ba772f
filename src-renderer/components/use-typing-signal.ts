/**
 * Tells the conversation this user types: `true` while they type (the client core repeats it at
 * most every 3 s, as protocol 1.2 allows), `false` once when they send, clear the text, leave the
 * field, switch conversation or stop for a few seconds. Only direct conversations and rooms have it.
 */
import { useCallback, useEffect, useRef } from 'react';
import { kindOf } from '../../src-shared/api/index.js';
import { useSignalsStore } from '../stores/signals-store.js';

/** Quiet this long and the user has stopped typing (under the 6 s the other side waits). */
const IDLE_MS = 4000;
/** Keystrokes closer than this make one call to main (the core paces the network anyway). */
const CALL_EVERY_MS = 1000;

export function useTypingSignal(conversationKey: string): {
  onText: (text: string) => void;
  stop: () => void;
} {
  const sendTyping = useSignalsStore((s) => s.sendTyping);
  const kind = kindOf(conversationKey);
  const enabled = kind === 'direct' || kind === 'room';
  const active = useRef(false);
  const lastCall = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const stop = useCallback(() => {
    if (idle.current !== undefined) clearTimeout(idle.current);
    idle.current = undefined;
    if (!active.current) return;
    active.current = false;
    lastCall.current = 0;
    sendTyping(conversationKey, false);
  }, [conversationKey, sendTyping]);

  const onText = useCallback(
    (text: string) => {
      if (!enabled) return;
      if (text.trim() === '') {
        stop();
        return;
      }
      const now = Date.now();
      if (!active.current || now - lastCall.current >= CALL_EVERY_MS) {
        active.current = true;
        lastCall.current = now;
        sendTyping(conversationKey, true);
      }
      if (idle.current !== undefined) clearTimeout(idle.current);
      idle.current = setTimeout(stop, IDLE_MS);
    },
    [enabled, conversationKey, sendTyping, stop],
  );

  // Another conversation, or the view went away: whoever watched this one stops seeing it.
  useEffect(() => stop, [stop]);

  return { onText, stop };
}
