/**
 * What the user is doing to messages (protocol 1.2 relations): the message a reply answers and the
 * one being edited, per conversation, and why an edit, delete or reaction did not go, per message.
 * The core folds what the server accepted and sends it back as `message-updated`; nothing is
 * changed here ahead of the server.
 */
import { create } from 'zustand';
import { kindOf } from '../../src-shared/api/index.js';
import { call, errorOf } from '../api.js';
import { actionErrorWords, type MessageAction } from '../message-actions.js';

interface ActionsData {
  /** Per conversation key: the id of the message the next one answers. */
  replyTo: Record<string, string>;
  /** Per conversation key: the id of the own message the composer is editing. */
  editing: Record<string, string>;
  /** Per `key\nid`: why the last action on that message failed, in words. */
  errors: Record<string, string>;
}

interface ActionsStore extends ActionsData {
  startReply: (key: string, id: string) => void;
  cancelReply: (key: string) => void;
  startEdit: (key: string, id: string) => void;
  cancelEdit: (key: string) => void;
  /** True when the server took the new text. */
  saveEdit: (key: string, id: string, text: string) => Promise<boolean>;
  remove: (key: string, id: string) => Promise<boolean>;
  react: (key: string, id: string, emoji: string, on: boolean) => Promise<boolean>;
  dismissError: (key: string, id: string) => void;
  reset: () => void;
}

/** Relations exist in direct conversations and rooms only (not broadcasts, not peer to peer). */
export function hasRelations(key: string): boolean {
  const kind = kindOf(key);
  return kind === 'direct' || kind === 'room';
}

export function errorKey(key: string, id: string): string {
  return `${key}\n${id}`;
}

const initialState = (): ActionsData => ({ replyTo: {}, editing: {}, errors: {} });

function without(record: Record<string, string>, key: string): Record<string, string> {
  const { [key]: _, ...rest } = record;
  return rest;
}

export const useMessageActionsStore = create<ActionsStore>()((set, get) => {
  async function attempt(key: string, id: string, action: MessageAction, run: () => Promise<unknown>) {
    try {
      await run();
      set({ errors: without(get().errors, errorKey(key, id)) });
      return true;
    } catch (cause) {
      set({ errors: { ...get().errors, [errorKey(key, id)]: actionErrorWords(action, errorOf(cause)) } });
      return false;
    }
  }
  return {
    ...initialState(),
    startReply(key, id) {
      set({ replyTo: { ...get().replyTo, [key]: id }, editing: without(get().editing, key) });
    },
    cancelReply(key) {
      set({ replyTo: without(get().replyTo, key) });
    },
    startEdit(key, id) {
      set({ editing: { ...get().editing, [key]: id }, replyTo: without(get().replyTo, key) });
    },
    cancelEdit(key) {
      set({ editing: without(get().editing, key) });
    },
    async saveEdit(key, id, text) {
      const ok = await attempt(key, id, 'edit', () => call('editMessage', { key, id, text }));
      if (ok && get().editing[key] === id) get().cancelEdit(key);
      return ok;
    },
    remove(key, id) {
      return attempt(key, id, 'delete', () => call('deleteMessage', { key, id }));
    },
    react(key, id, emoji, on) {
      return attempt(key, id, 'react', () => call('react', { key, id, emoji, on }));
    },
    dismissError(key, id) {
      set({ errors: without(get().errors, errorKey(key, id)) });
    },
    reset() {
      set(initialState());
    },
  };
});
