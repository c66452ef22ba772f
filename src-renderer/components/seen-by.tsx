/**
 * "Seen by N" under this user's last message in a room (as Slack and Element show it): the names
 * are in its accessible name and tooltip, and shown in words when it is pressed.
 */
import { useEffect, useState } from 'react';
import type { ChatMessage } from '../../src-shared/api/index.js';
import { useSettingsStore } from '../stores/settings-store.js';
import { useSignalsStore } from '../stores/signals-store.js';
import { listWords, seenBy } from '../seen-by-words.js';
import { visibleText } from '../visible-text.js';

export function SeenBy({ room, message }: { room: string; message: ChatMessage }) {
  const reads = useSignalsStore((s) => s.roomReads[room]);
  // "Send read receipts" off also hides others' (as Signal does).
  const receipts = useSettingsStore((s) => s.settings?.sendReadReceipts !== false);
  const [open, setOpen] = useState(false);
  if (message.seq === undefined || !receipts) return null;
  const names = seenBy(message.seq, message.from, {
    readBy: message.readBy,
    positions: [reads],
  }).map((name) => visibleText(name));
  if (names.length === 0) return null;
  const who = `Seen by ${listWords(names)}`;
  return (
    <p className="seen-by">
      <button
        type="button"
        className="link"
        title={who}
        aria-label={`Seen by ${names.length}: ${listWords(names)}`}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        Seen by {names.length}
      </button>
      {open && <span className="muted"> · {listWords(names)}</span>}
    </p>
  );
}

/** The members' read positions as `[roommembers]` says them when a room opens. */
export function useRoomReadPositions(room: string | undefined): void {
  const loadReads = useSignalsStore((s) => s.loadReads);
  useEffect(() => {
    if (room !== undefined) void loadReads(room);
  }, [room, loadReads]);
}
