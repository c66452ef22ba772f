/**
 * The safety number with a contact: 12 groups of 5 digits to compare with them in person or on a
 * call, a "Mark as verified" switch, and, after a refused key change, the new number and a way to
 * accept it. Network text appears only as React text.
 */
import { useSafetyStore } from '../stores/safety-store.js';
import { CloseIcon } from './icons.js';
import { Modal } from './modal.js';

function Groups({ groups, label }: { groups: string[]; label: string }) {
  return (
    <ol className="safety-groups" aria-label={label}>
      {groups.map((group, index) => (
        <li key={index}>{group}</li>
      ))}
    </ol>
  );
}

function groupsOf(digits: string): string[] {
  return digits.match(/\d{5}/g) ?? [];
}

export function SafetyDialog() {
  const user = useSafetyStore((s) => s.open);
  const info = useSafetyStore((s) => (s.open ? s.byUser[s.open] : undefined));
  const error = useSafetyStore((s) => s.error);
  const { close, setVerified, acceptNewKey } = useSafetyStore.getState();
  if (user === undefined) return null;
  const verified = info?.status === 'verified';

  return (
    <Modal labelledBy="safety-title" describedBy="safety-what" className="safety-dialog" onCancel={close}>
      <header className="dialog-header">
        <h2 id="safety-title">Safety number with {user}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={close}>
          <CloseIcon />
        </button>
      </header>
      <div className="dialog-body">
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {info?.status === 'unknown' && (
          <p id="safety-what">
            Parley has not seen {user}&apos;s key yet. Start a private chat with {user} first; the safety
            number appears here then.
          </p>
        )}
        {info?.status === 'changed' && info.newSafetyNumber !== undefined && (
          <>
            <p id="safety-what" role="alert" className="bad">
              {user}&apos;s safety number has changed, so Parley refused the private chat. {user} may have
              reinstalled Parley or moved to another computer, or someone may be listening in between.
            </p>
            <p>The new safety number:</p>
            <Groups groups={groupsOf(info.newSafetyNumber)} label="New safety number" />
            <p className="hint">Accept the new key only after {user} has read you this same number.</p>
            <div className="dialog-actions">
              <button type="button" className="primary" onClick={() => void acceptNewKey(user)}>
                Accept the new key
              </button>
            </div>
          </>
        )}
        {(info?.status === 'pinned' || info?.status === 'verified') && (
          <>
            <p id="safety-what">
              Compare these numbers with {user} in person or on a call. If they are the same on both
              computers, nobody is listening in between.
            </p>
            <Groups groups={info.groups} label="Safety number" />
            <div className="row">
              <p id="verified-label" className="grow strong">
                Mark as verified
              </p>
              <button
                type="button"
                role="switch"
                aria-checked={verified}
                aria-labelledby="verified-label"
                className="switch"
                onClick={() => void setVerified(user, !verified)}
              >
                <span className="knob" />
              </button>
            </div>
          </>
        )}
      </div>
    </Modal>
  );
}
