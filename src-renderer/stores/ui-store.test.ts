import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NOTICE_MS, useUiStore } from './ui-store.js';

describe('notices', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    useUiStore.setState({ notices: [] });
  });
  afterEach(() => vi.useRealTimers());

  const texts = () => useUiStore.getState().notices.map((n) => n.text);

  it('go away by themselves', () => {
    useUiStore.getState().notice('the server restarts in 5 minutes');
    expect(texts()).toEqual(['the server restarts in 5 minutes']);
    vi.advanceTimersByTime(NOTICE_MS);
    expect(texts()).toEqual([]);
  });

  it('replace the same words instead of stacking them, and keep at most three', () => {
    const { notice } = useUiStore.getState();
    notice('a');
    notice('b');
    notice('a');
    expect(texts()).toEqual(['b', 'a']);
    notice('c');
    notice('d');
    expect(texts()).toEqual(['a', 'c', 'd']);
  });

  it('can be dismissed', () => {
    useUiStore.getState().notice('x');
    const [first] = useUiStore.getState().notices;
    useUiStore.getState().dismissNotice(first?.id ?? -1);
    expect(texts()).toEqual([]);
  });
});
