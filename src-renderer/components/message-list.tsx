/**
 * The open conversation's messages in a virtual list (10,000 open at once), grouped by sender
 * within five minutes and by day. It follows new messages while at the bottom and keeps its place
 * when they arrive while the reader is scrolled up.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ChatMessage } from '../../src-shared/api/index.js';
import { toRows } from '../message-rows.js';
import { MessageRow } from './message-row.js';

interface Props {
  label: string;
  messages: ChatMessage[];
  showSender: boolean;
  empty: string;
  /** A message to bring into view and mark (an opened search result). */
  focusId?: string | undefined;
}

export function MessageList({ label, messages, showSender, empty, focusId }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const seen = useRef(messages.length);
  const [newBelow, setNewBelow] = useState(0);
  const rows = useMemo(() => toRows(messages), [messages]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]?.type === 'day' ? 44 : 52),
    getItemKey: (i) => rows[i]?.key ?? i,
    overscan: 10,
  });
  const totalSize = virtualizer.getTotalSize();

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const mineJustSent = messages.length > seen.current && messages.at(-1)?.direction === 'out';
    if (atBottom.current || mineJustSent) {
      atBottom.current = true;
      el.scrollTop = el.scrollHeight;
      seen.current = messages.length;
      setNewBelow(0);
    } else if (messages.length > seen.current) {
      setNewBelow(messages.length - seen.current);
    }
  }, [messages.length, totalSize]);

  // An opened search result: shown in the middle once its message is loaded, the list no longer
  // pinned to the bottom.
  const focusIndex =
    focusId === undefined ? -1 : rows.findIndex((r) => r.type === 'msg' && r.message.id === focusId);
  useLayoutEffect(() => {
    if (focusIndex < 0) return;
    atBottom.current = false;
    virtualizer.scrollToIndex(focusIndex, { align: 'center' });
  }, [focusIndex, virtualizer]);

  function onScroll() {
    const el = scrollRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    if (atBottom.current && newBelow > 0) {
      seen.current = messages.length;
      setNewBelow(0);
    }
  }

  function jumpToEnd() {
    atBottom.current = true;
    virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }

  return (
    <div className="log-wrap">
      <div ref={scrollRef} className="log" role="log" aria-label={label} tabIndex={0} onScroll={onScroll}>
        {rows.length === 0 ? (
          <p className="log-empty">{empty}</p>
        ) : (
          <div className="log-inner" style={{ height: totalSize }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              return (
                <div
                  key={item.key}
                  ref={virtualizer.measureElement}
                  data-index={item.index}
                  className={item.index === focusIndex ? 'log-row found' : 'log-row'}
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  {row.type === 'day' ? (
                    <div className="day-sep" role="separator" aria-label={row.label}>
                      <span>{row.label}</span>
                    </div>
                  ) : (
                    <MessageRow
                      message={row.message}
                      first={row.first}
                      last={row.last}
                      quiet={row.quiet}
                      showSender={showSender}
                    />
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
      {newBelow > 0 && (
        <button type="button" className="new-below" onClick={jumpToEnd}>
          {newBelow} new {newBelow === 1 ? 'message' : 'messages'} ↓
        </button>
      )}
    </div>
  );
}
