/** The requester's side of a private-chat request: waiting with Cancel, or why it did not open. */
import { usePrivateStore } from '../stores/private-store.js';
import { CloseIcon, LockIcon } from './icons.js';

export function PrivateRequestLine({ peer }: { peer: string }) {
  const request = usePrivateStore((s) => s.outgoing[peer]);
  const { cancel, dismiss } = usePrivateStore.getState();
  if (!request) return null;
  if (request.status === 'failed') {
    return (
      <div className="request-line bad" role="status">
        <LockIcon />
        <span>No private chat: {request.reason}</span>
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
  return (
    <div className="request-line" role="status">
      <LockIcon />
      <span>Waiting for {peer} to accept a private chat…</span>
      <button type="button" className="secondary small" onClick={() => void cancel(peer)}>
        Cancel
      </button>
    </div>
  );
}
