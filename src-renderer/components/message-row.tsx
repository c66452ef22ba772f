/** One message: a bubble, its sender and time at the start of a group, and (mine) its delivery. */
import { memo } from 'react';
import type { ChatMessage } from '../../src-shared/api/index.js';
import { formatFull, formatTime } from '../format.js';
import { useConversationsStore } from '../stores/conversations-store.js';
import { isActionable } from '../message-actions.js';
import { AlertIcon, CheckIcon, ClockIcon, TrayIcon } from './icons.js';
import { ActionError, MessageActions } from './message-actions.js';
import { MessageText } from './message-text.js';
import { Name } from './name.js';
import { noticeWords } from '../room-notice.js';
import { visibleText } from '../visible-text.js';
import { Reactions } from './reactions.js';
import { ReplyQuote } from './reply-quote.js';

/** The server's refusal in the words of the conversation ("bob has blocked you"). */
export function refusalWords(message: ChatMessage): string {
  const reason = message.reason ?? 'The server refused it';
  if (/blocked you/i.test(reason) && message.to) return `${message.to} has blocked you`;
  return visibleText(reason.replace(/\.$/, ''));
}

const stateWords: Record<ChatMessage['state'], string> = {
  queued: 'Waiting for connection',
  sending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  stored: 'Stored until they are back',
  refused: 'Refused',
  failed: 'Not sent',
  read: 'Read',
};

function Delivery({ message, quiet }: { message: ChatMessage; quiet: boolean }) {
  const retry = useConversationsStore((s) => s.retry);
  if (quiet && message.state !== 'failed' && message.state !== 'refused') {
    // The next message says the same in words; here only for screen readers and on hover.
    return <span className="sr-only">{stateWords[message.state]}</span>;
  }
  const time = <time dateTime={new Date(message.ts).toISOString()}>{formatTime(message.ts)}</time>;
  switch (message.state) {
    case 'queued':
      return (
        <span className="delivery queued" title="It goes by itself once Parley is connected again">
          {time} <ClockIcon /> Waiting for connection
        </span>
      );
    case 'sending':
      return (
        <span className="delivery">
          {time} <ClockIcon /> Sending…
        </span>
      );
    case 'delivered':
    case 'sent':
      return (
        <span className="delivery" title={message.state === 'sent' ? 'Sent to everyone online' : 'Delivered'}>
          {time} <CheckIcon />
          <span className="sr-only">{message.state === 'sent' ? 'Sent' : 'Delivered'}</span>
          {message.skipped !== undefined && message.skipped > 0 && (
            <span className="warning-text">
              {' '}
              Not delivered to {message.skipped} {message.skipped === 1 ? 'person' : 'people'} who blocked you
            </span>
          )}
        </span>
      );
    case 'read':
      return (
        <span className="delivery" title="Read">
          {time} <CheckIcon /> Read {message.readAt === undefined ? '' : formatTime(message.readAt)}
        </span>
      );
    case 'stored':
      return (
        <span className="delivery stored">
          {time} <TrayIcon /> Stored: <Name>{message.to ?? 'they'}</Name> will get it when back
        </span>
      );
    case 'refused':
      return (
        <span className="delivery refused" title={message.reason && visibleText(message.reason)}>
          {time} <AlertIcon /> Refused: {refusalWords(message)}
        </span>
      );
    case 'failed':
      return (
        <span className="delivery refused">
          {time} <AlertIcon /> Not sent.{' '}
          <button type="button" className="link" onClick={() => void retry(message.id)}>
            Retry
          </button>
        </span>
      );
  }
}

interface Props {
  message: ChatMessage;
  first: boolean;
  last: boolean;
  quiet: boolean;
  showSender: boolean;
}

export const MessageRow = memo(function MessageRow({ message, first, last, quiet, showSender }: Props) {
  if (message.notice) {
    return (
      <p className="room-notice muted" dir="auto">
        {visibleText(noticeWords(message.notice))}{' '}
        <time dateTime={new Date(message.ts).toISOString()} title={formatFull(message.ts)}>
          {formatTime(message.ts)}
        </time>
      </p>
    );
  }
  const out = message.direction === 'out';
  const actionable = isActionable(message);
  const classes = [
    'msg',
    out ? 'out' : 'in',
    first ? 'first' : '',
    last ? 'last' : '',
    message.state === 'refused' || message.state === 'failed' ? 'bad' : '',
  ];
  return (
    <div className={classes.join(' ')}>
      {first && !out && (
        <div className="msg-head">
          {showSender && (
            <span className="sender">
              <Name>{message.from}</Name>
            </span>
          )}
          <time dateTime={new Date(message.ts).toISOString()} title={formatFull(message.ts)}>
            {formatTime(message.ts)}
          </time>
          {message.offline && <span className="muted"> · while you were away</span>}
        </div>
      )}
      {message.replyTo !== undefined && !message.deleted && <ReplyQuote message={message} />}
      <div className="msg-line">
        {message.deleted ? (
          <div className="bubble tombstone" title={formatFull(message.ts)}>
            This message was deleted
          </div>
        ) : (
          <div className="bubble" title={formatFull(message.ts)}>
            <MessageText text={message.text} />
            {message.edited && <span className="edited"> (edited)</span>}
          </div>
        )}
        {actionable && <MessageActions message={message} />}
      </div>
      <Reactions message={message} canReact={actionable} />
      <ActionError message={message} />
      {out && <Delivery message={message} quiet={quiet} />}
    </div>
  );
});
