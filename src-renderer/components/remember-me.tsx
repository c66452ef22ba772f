/**
 * "Remember me": the checkbox on the log-in screen (saying truthfully where the password is kept)
 * and the line in Settings with "Forget me".
 */
import { useId } from 'react';
import type { RememberState } from '../../src-shared/api/index.js';
import { useSessionStore } from '../stores/session-store.js';

function whereKept(storage: RememberState['storage']): string {
  return storage === 'os-keychain'
    ? 'Your password is kept encrypted by your system’s keychain, so a restart logs you back in.'
    : 'Your password is kept in a file of this profile that only your user account on this computer can read, so a restart logs you back in.';
}

export function RememberMeCheckbox(props: { checked: boolean; onChange: (checked: boolean) => void }) {
  const storage = useSessionStore((s) => s.remember.storage);
  const hint = useId();
  return (
    <div className="field">
      <label className="check">
        <input
          type="checkbox"
          checked={props.checked}
          aria-describedby={hint}
          onChange={(e) => props.onChange(e.target.checked)}
        />
        Remember me
      </label>
      <p id={hint} className="hint">
        {whereKept(storage)}
      </p>
    </div>
  );
}

export function RememberedLine() {
  const remember = useSessionStore((s) => s.remember);
  const forgetMe = useSessionStore((s) => s.forgetMe);
  if (remember.username === undefined) return null;
  return (
    <div className="row">
      <p className="grow hint">
        Parley remembers you on this computer: a restart logs you back in.{' '}
        {remember.storage === 'os-keychain'
          ? 'The password is encrypted by your system’s keychain.'
          : 'The password is in a file of this profile only your user account can read.'}
      </p>
      <button type="button" className="secondary small" onClick={() => void forgetMe()}>
        Forget me
      </button>
    </div>
  );
}
