/** "Create room": a name with its rule checked as it is typed, public or private, and a topic. */
import { useId, useState } from 'react';
import { ROOM_NAME_PATTERN } from '../../src-shared/api/index.js';
import { countChars } from '../format.js';
import { useRoomsStore } from '../stores/rooms-store.js';
import { visibleText } from '../visible-text.js';
import { Modal } from './modal.js';

const MAX_TOPIC = 200;

export function CreateRoomDialog({ onClose }: { onClose: () => void }) {
  const ids = { title: useId(), name: useId(), rule: useId(), topic: useId(), count: useId() };
  const create = useRoomsStore((s) => s.create);
  const [name, setName] = useState('');
  const [isPrivate, setPrivate] = useState(false);
  const [topic, setTopic] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const nameOk = ROOM_NAME_PATTERN.test(name);
  const topicLength = countChars(topic);
  const topicOk = topicLength <= MAX_TOPIC;

  async function submit() {
    if (!nameOk || !topicOk || busy) return;
    setBusy(true);
    const refused = await create(name, isPrivate, topic.trim());
    setBusy(false);
    if (refused === undefined) onClose();
    else setError(refused);
  }

  return (
    <Modal labelledBy={ids.title} onCancel={onClose} className="room-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="dialog-body">
          <h2 id={ids.title}>Create a room</h2>
          <div className="field">
            <label htmlFor={ids.name}>Room name</label>
            <input
              id={ids.name}
              autoFocus
              value={name}
              aria-describedby={ids.rule}
              aria-invalid={name !== '' && !nameOk}
              onChange={(e) => {
                setName(e.target.value);
                setError(undefined);
              }}
            />
            <p id={ids.rule} className={name !== '' && !nameOk ? 'hint bad' : 'hint'}>
              1 to 32 of a-z, 0-9, _ and - (lowercase, no spaces)
              {name !== '' && !nameOk ? ': this name does not fit' : ''}
            </p>
          </div>
          <fieldset className="field">
            <legend>Who can join</legend>
            <label>
              <input type="radio" name="room-kind" checked={!isPrivate} onChange={() => setPrivate(false)} />{' '}
              Public: anyone can find and join it
            </label>
            <label>
              <input type="radio" name="room-kind" checked={isPrivate} onChange={() => setPrivate(true)} />{' '}
              Private: only people you invite
            </label>
          </fieldset>
          <div className="field">
            <label htmlFor={ids.topic}>Topic (optional)</label>
            <input
              id={ids.topic}
              value={topic}
              aria-describedby={ids.count}
              aria-invalid={!topicOk}
              onChange={(e) => setTopic(e.target.value)}
            />
            <p id={ids.count} className={topicOk ? 'hint' : 'hint bad'}>
              {topicLength} / {MAX_TOPIC}
            </p>
          </div>
          {error && (
            <p className="form-error" role="alert">
              The room was not created: {visibleText(error)}
            </p>
          )}
        </div>
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!nameOk || !topicOk || busy}>
            Create
          </button>
        </div>
      </form>
    </Modal>
  );
}
