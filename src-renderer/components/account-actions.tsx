/** Settings → Account: "Change password" and "Delete account", each in its own dialog. */
import { useId, useState, type FormEvent } from 'react';
import { useAccountStore } from '../stores/account-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { Modal } from './modal.js';

function PasswordField({
  label,
  value,
  onChange,
  autoComplete,
  hint,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  autoComplete: 'current-password' | 'new-password';
  hint?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="password"
        value={value}
        autoComplete={autoComplete}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}

function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const changePassword = useAccountStore((s) => s.changePassword);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (next.length < 8 || next.length > 256) {
      setError('The new password needs 8 to 256 characters.');
      return;
    }
    setBusy(true);
    void changePassword(current, next).then((problem) => {
      setBusy(false);
      setError(problem);
      setDone(problem === undefined);
    });
  };
  return (
    <Modal labelledBy="change-password-title" className="account-dialog" onCancel={onClose}>
      <form className="dialog-body" onSubmit={submit}>
        <h2 id="change-password-title">Change password</h2>
        {done ? (
          <p role="status">Your password is changed. Use the new one from now on.</p>
        ) : (
          <>
            <PasswordField
              label="Current password"
              value={current}
              onChange={setCurrent}
              autoComplete="current-password"
            />
            <PasswordField
              label="New password"
              value={next}
              onChange={setNext}
              autoComplete="new-password"
              hint="8 to 256 characters"
            />
          </>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>
            {done ? 'Close' : 'Cancel'}
          </button>
          {!done && (
            <button type="submit" className="primary" disabled={busy || current === ''}>
              Change password
            </button>
          )}
        </div>
      </form>
    </Modal>
  );
}

function DeleteAccountDialog({ username, onClose }: { username: string; onClose: () => void }) {
  const deleteAccount = useAccountStore((s) => s.deleteAccount);
  const closeSettings = useUiStore((s) => s.openSettings);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    void deleteAccount(password).then((problem) => {
      setBusy(false);
      if (problem === undefined) {
        onClose();
        closeSettings(false);
      } else setError(problem);
    });
  };
  return (
    <Modal
      role="alertdialog"
      labelledBy="delete-account-title"
      describedBy="delete-account-text"
      className="account-dialog"
      onCancel={onClose}
    >
      <form className="dialog-body" onSubmit={submit}>
        <h2 id="delete-account-title">Delete the account {username}?</h2>
        <p id="delete-account-text">
          The server forgets the account, the messages waiting for it and its blocks, and the name becomes
          free for anyone. This cannot be undone. Enter your password to confirm.
        </p>
        <PasswordField
          label="Password"
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
        />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="secondary" autoFocus onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={busy || password === ''}>
            Delete account
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function AccountActions({ username }: { username: string }) {
  const [open, setOpen] = useState<'password' | 'delete' | undefined>();
  return (
    <div className="row">
      <button type="button" className="secondary" onClick={() => setOpen('password')}>
        Change password
      </button>
      <button type="button" className="secondary danger-text" onClick={() => setOpen('delete')}>
        Delete account…
      </button>
      {open === 'password' && <ChangePasswordDialog onClose={() => setOpen(undefined)} />}
      {open === 'delete' && <DeleteAccountDialog username={username} onClose={() => setOpen(undefined)} />}
    </div>
  );
}
