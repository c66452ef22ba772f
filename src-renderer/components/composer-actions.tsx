/**
 * The composer's part in message actions: the line above it while replying ("Replying to
 * alice: …") or editing ("Editing your message"), and the keys Slack users expect: Up arrow in an
 * empty composer edits the last own message, Enter saves, Esc cancels. The draft typed before an
 * edit comes back after it.
 */
import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react';
import { lastOwnEditable, snippet } from '../message-actions.js';
import { useMessages } from '../stores/conversations-store.js';
import { errorKey, hasRelations, useMessageActionsStore } from '../stores/message-actions-store.js';
import { visibleText } from '../visible-text.js';
import { useParent } from './reply-quote.js';

export interface ComposerActions {
  /** The id of the message the next one answers, if any. */
  replyTo: string | undefined;
  editing: boolean;
  /** While editing: saves `text` (true when it went, or nothing changed). */
  saveEdit: (text: string) => Promise<boolean>;
  clearReply: () => void;
  /** A send that did not go: the reply it was comes back. */
  restoreReply: (id: string | undefined) => void;
  /** Handles Up arrow and Esc; true when the key was taken. */
  onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>, text: string) => boolean;
}

export function useComposerActions(
  key: string,
  setText: (text: string) => void,
  textRef: RefObject<HTMLTextAreaElement | null>,
): ComposerActions {
  const editingId = useMessageActionsStore((s) => s.editing[key]);
  const replyTo = useMessageActionsStore((s) => s.replyTo[key]);
  const editing = useParent(key, editingId);
  const messages = useMessages(key);
  const store = useMessageActionsStore.getState();
  const draftBeforeEdit = useRef<string | undefined>(undefined);
  const editingText = editing?.text;

  // An edit starts (from the menu or the Up arrow): the composer takes the message's text; when
  // it ends, the draft comes back.
  useEffect(() => {
    const box = textRef.current;
    if (editingId === undefined) {
      if (draftBeforeEdit.current !== undefined) setText(draftBeforeEdit.current);
      draftBeforeEdit.current = undefined;
      return;
    }
    draftBeforeEdit.current ??= box?.value ?? '';
    setText(editingText ?? '');
    box?.focus();
    requestAnimationFrame(() => box?.setSelectionRange(box.value.length, box.value.length));
    // Only a new edit takes the text, not a change of the message while it is edited.
  }, [editingId]);

  useEffect(() => {
    if (replyTo !== undefined) textRef.current?.focus();
  }, [replyTo, textRef]);

  return {
    replyTo,
    editing: editingId !== undefined,
    async saveEdit(text) {
      if (editingId === undefined) return false;
      if (text === editingText) {
        store.cancelEdit(key);
        return true;
      }
      return store.saveEdit(key, editingId, text);
    },
    clearReply: () => store.cancelReply(key),
    restoreReply: (id) => {
      if (id !== undefined) store.startReply(key, id);
    },
    onKeyDown(event, text) {
      if (event.key === 'Escape' && (editingId !== undefined || replyTo !== undefined)) {
        event.preventDefault();
        if (editingId !== undefined) store.cancelEdit(key);
        else store.cancelReply(key);
        return true;
      }
      if (event.key === 'ArrowUp' && text === '' && editingId === undefined && hasRelations(key)) {
        const last = lastOwnEditable(messages);
        if (last === undefined) return false;
        event.preventDefault();
        store.startEdit(key, last.id);
        return true;
      }
      return false;
    },
  };
}

/** The line above the composer: what the next Enter does besides sending, and how to stop it. */
export function ComposerContext({ conversationKey: key }: { conversationKey: string }) {
  const editingId = useMessageActionsStore((s) => s.editing[key]);
  const replyTo = useMessageActionsStore((s) => s.replyTo[key]);
  const error = useMessageActionsStore((s) =>
    editingId === undefined ? undefined : s.errors[errorKey(key, editingId)],
  );
  const parent = useParent(key, replyTo);
  const { cancelEdit, cancelReply } = useMessageActionsStore.getState();
  if (editingId !== undefined) {
    return (
      <div className="composer-context" role="status">
        <span>
          <strong>Editing your message</strong> · Enter to save, Esc to cancel
        </span>
        <button type="button" className="link" onClick={() => cancelEdit(key)}>
          Cancel edit
        </button>
        {error && (
          <p className="composer-error" role="alert">
            {error}
          </p>
        )}
      </div>
    );
  }
  if (replyTo === undefined) return null;
  const who =
    parent === undefined ? 'a message' : parent.direction === 'out' ? 'yourself' : visibleText(parent.from);
  return (
    <div className="composer-context" role="status">
      <span className="truncate" dir="auto">
        <strong>Replying to {who}</strong>
        {parent && !parent.deleted ? `: ${snippet(parent.text, 60)}` : ''}
      </span>
      <button type="button" className="link" onClick={() => cancelReply(key)}>
        Cancel reply
      </button>
    </div>
  );
}
