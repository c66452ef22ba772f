/** "Browse rooms": invitations first, then the public rooms, each with a way in. */
import { useEffect, useId, useState } from 'react';
import type { RoomSummary } from '../../src-shared/api/index.js';
import { useRoomsStore } from '../stores/rooms-store.js';
import { visibleText } from '../visible-text.js';
import { Modal } from './modal.js';
import { Name } from './name.js';

function RoomLine({ room, onJoined }: { room: RoomSummary; onJoined: () => void }) {
  const join = useRoomsStore((s) => s.join);
  const [error, setError] = useState<string | undefined>();
  const action = room.invited && !room.joined ? 'Accept invitation' : 'Join';
  return (
    <li className="room-line">
      <div className="room-line-text">
        <strong>
          #<Name>{room.room}</Name>
        </strong>{' '}
        <span className="muted">
          · {room.members} {room.members === 1 ? 'member' : 'members'}
          {room.private ? ' · private' : ''}
        </span>
        {room.topic !== '' && (
          <p className="muted" dir="auto">
            {visibleText(room.topic)}
          </p>
        )}
        {error && (
          <p className="form-error" role="alert">
            Could not join: {visibleText(error)}
          </p>
        )}
      </div>
      {room.joined ? (
        <span className="muted">Joined</span>
      ) : (
        <button
          type="button"
          className="primary"
          aria-label={`${action} #${room.room}`}
          onClick={() =>
            void join(room.room).then((refused) => {
              if (refused === undefined) onJoined();
              else setError(refused);
            })
          }
        >
          {action}
        </button>
      )}
    </li>
  );
}

export function BrowseRoomsDialog({ onClose }: { onClose: () => void }) {
  const titleId = useId();
  const rooms = useRoomsStore((s) => s.rooms);
  const error = useRoomsStore((s) => s.error);
  const load = useRoomsStore((s) => s.load);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    void load().then(() => setLoaded(true));
  }, [load]);

  const invited = rooms.filter((r) => r.invited && !r.joined);
  const open = rooms.filter((r) => !r.private && !(r.invited && !r.joined));
  return (
    <Modal labelledBy={titleId} onCancel={onClose} className="room-dialog">
      <div className="dialog-body">
        <h2 id={titleId}>Browse rooms</h2>
        {error && (
          <p className="form-error" role="alert">
            {visibleText(error)}
          </p>
        )}
        {invited.length > 0 && (
          <>
            <h3>Invitations</h3>
            <ul className="room-lines" aria-label="Invitations">
              {invited.map((r) => (
                <RoomLine key={r.room} room={r} onJoined={onClose} />
              ))}
            </ul>
          </>
        )}
        <h3>Public rooms</h3>
        {open.length === 0 ? (
          <p className="muted">{loaded ? 'No public rooms yet. Create one.' : 'Loading…'}</p>
        ) : (
          <ul className="room-lines" aria-label="Public rooms">
            {open.map((r) => (
              <RoomLine key={r.room} room={r} onJoined={onClose} />
            ))}
          </ul>
        )}
      </div>
      <div className="dialog-actions">
        <button type="button" className="secondary" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
