/**
 * A room's topic under its name, and "Edit topic" for its members (the protocol lets any member
 * set it): an inline field where Enter saves and Escape cancels; a refusal is said in words. The
 * others see the change when its timeline line arrives (the room view reloads the room list).
 */
import { useId, useRef, useState } from 'react';
import type { RoomSummary } from '../../src-shared/api/index.js';
import { call, errorOf } from '../api.js';
import { countChars } from '../format.js';
import { useRoomsStore } from '../stores/rooms-store.js';
import { visibleText } from '../visible-text.js';

const MAX_TOPIC = 200;

export function RoomTopic({ room, summary }: { room: string; summary: RoomSummary | undefined }) {
  const topic = summary?.topic ?? '';
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const ids = { field: useId(), count: useId() };
  const length = countChars(draft);

  function stop() {
    setEditing(false);
    setError(undefined);
    requestAnimationFrame(() => editButton.current?.focus());
  }

  async function save() {
    if (busy) return;
    if (length > MAX_TOPIC) {
      setError(`A topic has at most ${MAX_TOPIC} characters.`);
      return;
    }
    setBusy(true);
    try {
      await call('setTopic', { room, topic: draft.trim() });
      await useRoomsStore.getState().load();
      stop();
    } catch (cause) {
      setError(errorOf(cause).message);
    } finally {
      setBusy(false);
    }
  }

  if (editing)
    return (
      <span className="room-topic editing">
        <input
          id={ids.field}
          aria-label="Room topic"
          aria-describedby={ids.count}
          aria-invalid={length > MAX_TOPIC || error !== undefined}
          value={draft}
          autoFocus
          disabled={busy}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void save();
            } else if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              stop();
            }
          }}
        />
        <span id={ids.count} className="hint">
          {length} / {MAX_TOPIC} · Enter saves, Escape cancels
        </span>
        {error && (
          <span className="form-error" role="alert">
            Topic not saved: {visibleText(error)}
          </span>
        )}
      </span>
    );

  return (
    <span className="room-topic">
      <span className="presence" dir="auto">
        {topic === '' ? (summary?.private ? 'Private room' : 'Public room') : visibleText(topic)}
      </span>
      {summary?.joined === true && (
        <button
          ref={editButton}
          type="button"
          className="link"
          onClick={() => {
            setDraft(topic);
            setError(undefined);
            setEditing(true);
          }}
        >
          Edit topic
        </button>
      )}
    </span>
  );
}
