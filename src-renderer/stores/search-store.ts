/**
 * Messages local history finds for what is typed in the search box (the core's FTS5 search).
 * Only the answer to the latest query is kept: a slower answer to an older one is dropped.
 */
import { create } from 'zustand';
import type { SearchHit } from '../../src-shared/api/index.js';
import { call } from '../api.js';

/** Shorter queries match too much to be worth a list of messages. */
export const MIN_QUERY = 2;

interface SearchStore {
  query: string;
  hits: SearchHit[];
  find: (query: string) => void;
  reset: () => void;
}

let asked = 0;

export const useSearchStore = create<SearchStore>()((set) => ({
  query: '',
  hits: [],
  find(query) {
    const trimmed = query.trim();
    const ticket = ++asked;
    if (trimmed.length < MIN_QUERY) {
      set({ query: trimmed, hits: [] });
      return;
    }
    set({ query: trimmed });
    void call('searchMessages', { query: trimmed.slice(0, 200) })
      .then(({ hits }) => {
        if (ticket === asked) set({ hits });
      })
      .catch(() => {
        if (ticket === asked) set({ hits: [] });
      });
  },
  reset() {
    asked++;
    set({ query: '', hits: [] });
  },
}));
