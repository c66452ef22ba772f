/**
 * One line under a conversation about its private chat, the newest state only: waiting for an
 * answer (Cancel), why a request did not open one, or why the chat ended. "Ask again" stays on
 * the last two while asking again can work; otherwise the line says why not.
 */
import type { EndedBy } from '../../src-shared/api/index.js';
import { usePrivateStore } from '../stores/private-store.js';
import { CloseIcon, PeerIcon } from './icons.js';
import { Name } from './name.js';
import { usePrivateChatReason } from './use-private-chat-reason.js';
import { visibleText } from '../visible-text.js';

export function endedWords(peer: string, by: EndedBy, reason: string): string {
  if (reason === 'blocked') {
    return by === 'me'
      ? `You blocked ${peer}, so the private chat ended.`
      : `${peer} ended the private chat.`;
  }
  if (by === 'me') return 'You ended this private chat.';
  if (by === 'network')
    return `The connection to ${peer} was lost${reason ? ` (${visibleText(reason)})` : ''}; the private chat ended.`;
  switch (reason) {
    case 'stopped':
      return `${peer} ended the private chat.`;
    case 'logout':
      return `${peer} logged out, so the private chat ended.`;
    case 'timeout':
      return `${peer} was logged out for inactivity, so the private chat ended.`;
    case 'disconnect':
      return `${peer} disconnected, so the private chat ended.`;
    default:
      return `${peer} left the private chat (${visibleText(reason)}).`;
  }
}

function AskAgain({ peer }: { peer: string }) {
  const reason = usePrivateChatReason(peer);
  if (reason !== undefined) return <span className="muted"> {reason}.</span>;
  return (
    <button
      type="button"
      className="secondary small"
      onClick={() => void usePrivateStore.getState().start(peer)}
    >
      Ask again
    </button>
  );
}

export function PrivateStatusLine({ peer, inPrivateChat }: { peer: string; inPrivateChat: boolean }) {
  const request = usePrivateStore((s) => s.outgoing[peer]);
  const live = usePrivateStore((s) => s.chats.includes(peer));
  const ended = usePrivateStore((s) => s.ended[peer]);
  const { cancel, dismiss } = usePrivateStore.getState();

  if (request && request.status !== 'failed') {
    return (
      <div className="request-line" role="status">
        <PeerIcon />
        <span>
          Waiting for <Name>{peer}</Name> to accept a private chat…
        </span>
        <button type="button" className="secondary small" onClick={() => void cancel(peer)}>
          Cancel
        </button>
      </div>
    );
  }
  if (request) {
    return (
      <div className="request-line bad" role="status">
        <PeerIcon />
        <span className="grow">No private chat: {visibleText(request.reason ?? 'it did not open')}</span>
        <AskAgain peer={peer} />
        <button
          type="button"
          className="icon-button small"
          aria-label="Dismiss"
          onClick={() => dismiss(peer)}
        >
          <CloseIcon />
        </button>
      </div>
    );
  }
  if (!inPrivateChat || live) return null;
  return (
    <div className="ended-line" role="status">
      <span>{ended ? endedWords(peer, ended.by, ended.reason) : 'This private chat has ended.'}</span>
      <AskAgain peer={peer} />
    </div>
  );
}
