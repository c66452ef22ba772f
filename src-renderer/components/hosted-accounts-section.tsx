/**
 * Settings → "People on this server", shown while this app hosts the server (the host is its
 * admin): every account with its state, and Log out, Lock for…, Unlock, Remove account.
 */
import { useEffect, useId, useState } from 'react';
import type { HostedAccount } from '../../src-shared/api/index.js';
import { formatDate, formatDuration, formatTime } from '../format.js';
import { useAccountStore } from '../stores/account-store.js';
import { useHostStore } from '../stores/host-store.js';
import { Avatar } from './avatar.js';
import { Modal } from './modal.js';
import { SettingsSection } from './settings-section.js';

const LOCK_CHOICES = [5 * 60, 3600, 86_400, 7 * 86_400];

function when(ts: number): string {
  const sameDay = new Date(ts).toDateString() === new Date().toDateString();
  return sameDay ? formatTime(ts) : `${formatDate(ts)} ${formatTime(ts)}`;
}

function stateWords(account: HostedAccount): string {
  const presence = account.online
    ? 'online'
    : account.lastSeen === null
      ? 'never logged in'
      : `last seen ${when(account.lastSeen)}`;
  return account.lockedUntil === null ? presence : `${presence} · locked until ${when(account.lockedUntil)}`;
}

function LockDialog({ user, onClose }: { user: string; onClose: () => void }) {
  const lockUser = useAccountStore((s) => s.lockUser);
  const [seconds, setSeconds] = useState(3600);
  const selectId = useId();
  return (
    <Modal labelledBy="lock-title" className="account-dialog" onCancel={onClose}>
      <form
        className="dialog-body"
        onSubmit={(e) => {
          e.preventDefault();
          void lockUser(user, seconds).then(onClose);
        }}
      >
        <h2 id="lock-title">Lock {user}</h2>
        <p>They are logged out now and cannot log in until the lock ends.</p>
        <div className="field">
          <label htmlFor={selectId}>For</label>
          <select id={selectId} value={seconds} onChange={(e) => setSeconds(Number(e.target.value))}>
            {LOCK_CHOICES.map((s) => (
              <option key={s} value={s}>
                {formatDuration(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Lock
          </button>
        </div>
      </form>
    </Modal>
  );
}

function RemoveDialog({ user, onClose }: { user: string; onClose: () => void }) {
  const removeUser = useAccountStore((s) => s.removeUser);
  return (
    <Modal
      role="alertdialog"
      labelledBy="remove-title"
      describedBy="remove-text"
      className="account-dialog"
      onCancel={onClose}
    >
      <div className="dialog-body">
        <h2 id="remove-title">Remove {user}&apos;s account?</h2>
        <p id="remove-text">
          They are logged out, and the server forgets the account, the messages waiting for it and its blocks.
          The name becomes free for anyone.
        </p>
      </div>
      <div className="dialog-actions">
        <button type="button" className="secondary" autoFocus onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => void removeUser(user).then(onClose)}>
          Remove account
        </button>
      </div>
    </Modal>
  );
}

function AccountRow({ account }: { account: HostedAccount }) {
  const { logOutUser, unlockUser } = useAccountStore.getState();
  const [dialog, setDialog] = useState<'lock' | 'remove' | undefined>();
  const user = account.username;
  return (
    <li className="row">
      <Avatar name={user} online={account.online} size="sm" />
      <span className="grow">
        <bdi>{user}</bdi> <span className="muted">{stateWords(account)}</span>
      </span>
      <button
        type="button"
        className="secondary small"
        aria-label={`Log out ${user}`}
        disabled={!account.online}
        title={account.online ? undefined : `${user} is not online`}
        onClick={() => void logOutUser(user)}
      >
        Log out
      </button>
      {account.lockedUntil === null ? (
        <button
          type="button"
          className="secondary small"
          aria-label={`Lock ${user} for…`}
          onClick={() => setDialog('lock')}
        >
          Lock for…
        </button>
      ) : (
        <button
          type="button"
          className="secondary small"
          aria-label={`Unlock ${user}`}
          onClick={() => void unlockUser(user)}
        >
          Unlock
        </button>
      )}
      <button
        type="button"
        className="secondary small"
        aria-label={`Remove ${user}'s account`}
        onClick={() => setDialog('remove')}
      >
        Remove account
      </button>
      {dialog === 'lock' && <LockDialog user={user} onClose={() => setDialog(undefined)} />}
      {dialog === 'remove' && <RemoveDialog user={user} onClose={() => setDialog(undefined)} />}
    </li>
  );
}

export function HostedAccountsSection() {
  const status = useHostStore((s) => s.status);
  const running = status.state === 'running';
  const online = status.state === 'running' ? status.online : 0;
  const hosted = useAccountStore((s) => s.hosted);
  const error = useAccountStore((s) => s.adminError);
  const loadHosted = useAccountStore((s) => s.loadHosted);
  // Listed again whenever the number online changes, so the rows keep up with logins.
  useEffect(() => {
    if (running) void loadHosted();
  }, [running, online, loadHosted]);
  if (!running) return null;
  return (
    <SettingsSection title="People on this server">
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {hosted === undefined ? (
        <p className="hint">Loading…</p>
      ) : hosted.length === 0 ? (
        <p className="hint">Nobody has registered yet.</p>
      ) : (
        <ul className="blocked-list" aria-label="Accounts on this server">
          {hosted.map((account) => (
            <AccountRow key={account.username} account={account} />
          ))}
        </ul>
      )}
    </SettingsSection>
  );
}
