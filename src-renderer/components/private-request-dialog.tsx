/**
 * Someone asks for a private chat: who, what it means, the time left, Reject (Esc) or Accept.
 * It goes away by itself when the request is withdrawn or expires (the store drops it).
 */
import { formatCountdown } from '../format.js';
import { usePrivateStore } from '../stores/private-store.js';
import { Avatar } from './avatar.js';
import { Modal } from './modal.js';
import { Name } from './name.js';
import { useNow } from './use-now.js';

export function PrivateRequestDialog() {
  const request = usePrivateStore((s) => s.incoming[0]);
  const answer = usePrivateStore((s) => s.answer);
  const now = useNow(request ? 250 : undefined);
  if (!request) return null;
  const left = request.expiresAt - now;
  return (
    <Modal
      key={request.requestId}
      role="alertdialog"
      labelledBy="private-request-title"
      describedBy="private-request-text"
      className="request-dialog"
      onCancel={() => void answer(request.requestId, false)}
    >
      <div className="dialog-body center">
        <Avatar name={request.from} />
        <h2 id="private-request-title">
          <Name>{request.from}</Name> wants a private chat
        </h2>
        <p id="private-request-text">
          Messages will go straight between your two computers, not through the server, and nothing is stored
          on it.
        </p>
        <p className="countdown" aria-live="off">
          {left > 0 ? (
            <>
              Expires in <span className="mono">{formatCountdown(left)}</span>
            </>
          ) : (
            'Expiring…'
          )}
        </p>
      </div>
      <div className="dialog-actions">
        <button
          type="button"
          className="secondary"
          autoFocus
          onClick={() => void answer(request.requestId, false)}
        >
          Reject
        </button>
        <button type="button" className="primary" onClick={() => void answer(request.requestId, true)}>
          Accept
        </button>
      </div>
    </Modal>
  );
}
