/**
 * The open conversation's messages in a virtual list (10,000 open at once), grouped by sender
 * within five minutes and by day. It follows new messages while at the bottom and keeps its place
 * when they arrive while the reader is scrolled up.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ChatMessage } from '../../src-shared/api/index.js';
import { toRows } from '../message-rows.js';
import { useDividerId, useOlderState } from '../stores/conversations-store.js';
import { MessageRow } from './message-row.js';
import { NewMessagesDivider } from './new-messages-divider.js';
import { SeenBy } from './seen-by.js';
import { useMarkRead } from './use-mark-read.js';
import { useOlderHistory } from './use-older-history.js';

/** Room of the list's first line ("Loading older messages…", "Beginning of #room"), in px. */
const START_LINE = 40;

interface Props {
  label: string;
  messages: ChatMessage[];
  showSender: boolean;
  empty: string;
  /** A message to bring into view and mark (an opened search result). */
  focusId?: string | undefined;
  /** The conversation shown: read once its newest message is in view; its "New messages" divider. */
  conversationKey?: string | undefined;
  /** A room: older history on scroll, its beginning, and "Seen by" under my last message. */
  room?: string | undefined;
}

export function MessageList({ label, messages, showSender, empty, focusId, conversationKey, room }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const [newestInView, setNewestInView] = useState(true);
  useMarkRead(conversationKey, newestInView);
  const dividerId = useDividerId(conversationKey ?? '');
  const older = useOlderState(conversationKey ?? '');
  const checkOlder = useOlderHistory(conversationKey, room !== undefined, scrollRef);
  const myLastId =
    room === undefined ? undefined : messages.findLast((m) => m.direction === 'out' && !m.notice)?.id;
  const seen = useRef(messages.length);
  const [newBelow, setNewBelow] = useState(0);
  const rows = useMemo(() => toRows(messages), [messages]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]?.type === 'day' ? 44 : 52),
    getItemKey: (i) => rows[i]?.key ?? i,
    overscan: 10,
    paddingStart: room === undefined ? 0 : START_LINE,
  });
  const totalSize = virtualizer.getTotalSize();

  // Older history came in above: the reader stays on what they were reading (the rows above it
  // are measured later, and the virtualizer moves the scroll by what they differ from the guess).
  const firstId = messages[0]?.id;
  const before = useRef({ firstId, totalSize, count: messages.length });
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const was = before.current;
    before.current = { firstId, totalSize, count: messages.length };
    if (!el || was.firstId === undefined || was.firstId === firstId) return;
    if (!messages.some((m) => m.id === was.firstId)) return;
    el.scrollTop += totalSize - was.totalSize;
    // Not new below: the "N new messages" button counts only what came after.
    seen.current += messages.length - was.count;
  }, [firstId, totalSize, messages]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const mineJustSent = messages.length > seen.current && messages.at(-1)?.direction === 'out';
    if (atBottom.current || mineJustSent) {
      atBottom.current = true;
      el.scrollTop = el.scrollHeight;
      seen.current = messages.length;
      setNewBelow(0);
      setNewestInView(true);
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
    const el = scrollRef.current;
    if (el) setNewestInView(el.scrollHeight - el.scrollTop - el.clientHeight < 48);
  }, [focusIndex, virtualizer]);

  // Opened with unread messages: at the first of them, once per divider.
  const dividerIndex =
    dividerId === undefined ? -1 : rows.findIndex((r) => r.type === 'msg' && r.message.id === dividerId);
  const scrolledTo = useRef<string | undefined>(undefined);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (dividerIndex < 0 || scrolledTo.current === dividerId || focusIndex >= 0 || !el) return;
    scrolledTo.current = dividerId;
    // The day line above the first unread one comes along.
    virtualizer.scrollToIndex(Math.max(0, dividerIndex - 1), { align: 'start' });
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    setNewestInView(atBottom.current);
  }, [dividerIndex, dividerId, focusIndex, virtualizer]);

  function onScroll() {
    const el = scrollRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    setNewestInView(atBottom.current);
    checkOlder();
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
            {room !== undefined && (
              <p className="log-start muted" role="status" style={{ height: START_LINE }}>
                {older.loading
                  ? 'Loading older messages…'
                  : older.more === false
                    ? `Beginning of #${room}`
                    : ''}
              </p>
            )}
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
                    <>
                      {row.message.id === dividerId && <NewMessagesDivider />}
                      <MessageRow
                        message={row.message}
                        first={row.first}
                        last={row.last}
                        quiet={row.quiet}
                        showSender={showSender}
                      />
                      {room !== undefined && row.message.id === myLastId && (
                        <SeenBy room={room} message={row.message} />
                      )}
                    </>
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
